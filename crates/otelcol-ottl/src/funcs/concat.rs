//! `Concat(values[], delimiter)`: joins the StringLike forms; nil prints as `<nil>`.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "Concat",
    params: &[req("vals", Kind::Getters), req("delimiter", Kind::LitStr)],
    build,
    apply_str: None,
}];

struct Concat {
    values: Vec<Getter>,
    delimiter: String,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(Concat {
        values: args.getters(0)?,
        delimiter: args.str(1)?,
    })
}

impl Converter for Concat {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let mut out = String::new();
        for (i, g) in self.values.iter().enumerate() {
            if i > 0 {
                out.push_str(&self.delimiter);
            }
            match g.eval_string_like(ctx)? {
                Some(s) => out.push_str(&s),
                None => out.push_str("<nil>"),
            }
        }
        Ok(Value::string(out))
    }
}
