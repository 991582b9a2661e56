//! `ParseCSV(target, headers, Optional[delimiter], Optional[headerDelimiter], Optional[mode])`:
//! one CSV row to a map keyed by the headers (`strict`, `lazyQuotes` or `ignoreQuotes`).

use super::util::converter;
use super::{opt, req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::{map_of, Getter};
use crate::value::Value;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "ParseCSV",
    params: &[
        req("target", Kind::Str),
        req("header", Kind::Str),
        opt("delimiter", Kind::LitStr),
        opt("header_delimiter", Kind::LitStr),
        opt("mode", Kind::LitStr),
    ],
    build,
    apply_str: None,
}];

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Strict,
    Lazy,
    Ignore,
}

struct ParseCsv {
    target: Getter,
    header: Getter,
    delimiter: char,
    header_delimiter: char,
    mode: Mode,
}

fn single(s: Option<String>, what: &str) -> Result<Option<char>, String> {
    match s {
        None => Ok(None),
        Some(s) => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !matches!(c, '"' | '\r' | '\n') => Ok(Some(c)),
                _ => Err(format!("invalid arguments: {what} must be a single character")),
            }
        }
    }
}

fn build(args: &mut Args) -> Result<Built, String> {
    let delimiter = single(args.opt_str(2), "delimiter")?.unwrap_or(',');
    let header_delimiter = single(args.opt_str(3), "header_delimiter")?.unwrap_or(delimiter);
    let mode = match args.opt_str(4).as_deref() {
        None | Some("strict") => Mode::Strict,
        Some("lazyQuotes") => Mode::Lazy,
        Some("ignoreQuotes") => Mode::Ignore,
        Some(other) => return Err(format!("unknown mode: {other}")),
    };
    converter(ParseCsv {
        target: args.getter(0)?,
        header: args.getter(1)?,
        delimiter,
        header_delimiter,
        mode,
    })
}

/// Reads one row; newlines outside quotes stay in the field (the Go function stitches the
/// reader's lines back together), blank lines collapse.
pub fn read_row(row: &str, delim: char, lazy: bool) -> Result<Vec<String>, String> {
    let row = row.replace("\r\n", "\n");
    let row = row.trim_matches('\n');
    if row.is_empty() {
        return Err("no csv lines found".into());
    }
    let err = |m: &str| format!("read csv line: parse error: {m}");
    let mut fields = Vec::new();
    let mut chars = row.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None if lazy => break,
                    None => return Err(err("extraneous or missing \" in quoted-field")),
                    Some('"') => match chars.peek() {
                        Some('"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some(&c) if c == delim || c == '\n' => break,
                        None => break,
                        Some(_) if lazy => field.push('"'),
                        Some(_) => return Err(err("extraneous or missing \" in quoted-field")),
                    },
                    Some(c) => field.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == delim {
                    break;
                }
                if c == '"' && !lazy {
                    return Err(err("bare \" in non-quoted-field"));
                }
                field.push(c);
                chars.next();
            }
        }
        // Stitch across unquoted newlines: `a\nb` is one field holding a newline.
        while chars.peek() == Some(&'\n') {
            chars.next();
            while chars.peek() == Some(&'\n') {
                chars.next();
            }
            field.push('\n');
            while let Some(&c) = chars.peek() {
                if c == delim || c == '\n' {
                    break;
                }
                field.push(c);
                chars.next();
            }
        }
        fields.push(field);
        match chars.next() {
            Some(c) if c == delim => continue,
            _ => break,
        }
    }
    Ok(fields)
}

impl Converter for ParseCsv {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let target = self.target.eval_str(ctx)?;
        let header = self.header.eval_str(ctx)?;
        if header.is_empty() {
            return Err(EvalError::new("headers must not be an empty string"));
        }
        let headers: Vec<&str> = header.split(self.header_delimiter).collect();
        let fields = match self.mode {
            Mode::Ignore => target.split(self.delimiter).map(str::to_string).collect(),
            mode => read_row(&target, self.delimiter, mode == Mode::Lazy).map_err(EvalError)?,
        };
        if fields.len() != headers.len() {
            return Err(EvalError(format!(
                "map csv headers: wrong number of fields: expected {}, found {}",
                headers.len(),
                fields.len()
            )));
        }
        Ok(map_of(
            headers
                .iter()
                .zip(fields)
                .map(|(h, f)| (h.to_string(), Value::string(f)))
                .collect::<Vec<_>>(),
        ))
    }
}
