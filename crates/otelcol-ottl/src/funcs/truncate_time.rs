//! `TruncateTime(time, duration)`: rounds down to a multiple of the duration since Go's zero
//! time (Go `time.Truncate`); a non-positive duration leaves the time unchanged.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::time::Time;
use crate::value::Value;
use chrono::TimeDelta;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "TruncateTime",
    params: &[req("time", Kind::Time), req("duration", Kind::Duration)],
    build,
    apply_str: None,
}];

struct TruncateTime {
    time: Getter,
    duration: Getter,
}

fn build(args: &mut Args) -> Result<Built, String> {
    converter(TruncateTime {
        time: args.getter(0)?,
        duration: args.getter(1)?,
    })
}

/// Seconds from Go's zero time (January 1, year 1, UTC) to the Unix epoch.
const ZERO_TO_UNIX: i128 = 62_135_596_800;

impl Converter for TruncateTime {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let t = self.time.eval_time(ctx)?;
        let d = self.duration.eval_duration(ctx)?;
        if d <= 0 {
            return Ok(Value::Time(t));
        }
        let dt = t.0;
        let abs = (dt.timestamp() as i128 + ZERO_TO_UNIX) * 1_000_000_000
            + (dt.timestamp_subsec_nanos() % 1_000_000_000) as i128;
        let rem = abs.rem_euclid(d as i128);
        let truncated = dt
            .checked_sub_signed(TimeDelta::nanoseconds(rem as i64))
            .unwrap_or(dt);
        Ok(Value::Time(Time(truncated)))
    }
}
