//! Parts of a time (`Year`, `Month`, `Day`, `Hour`, `Minute`, `Second`, `Nanosecond`,
//! `Weekday`) and of a duration (`Hours`, `Minutes`, `Seconds` as doubles; `Milliseconds`,
//! `Microseconds`, `Nanoseconds` as ints).

use super::util::converter;
use super::{req, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;
use chrono::{Datelike, Timelike};

#[derive(Clone, Copy)]
enum Part {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Nanosecond,
    Weekday,
    Hours,
    Minutes,
    Seconds,
    Milliseconds,
    Microseconds,
    Nanoseconds,
}

macro_rules! part_fn {
    ($name:literal, $kind:expr, $part:expr) => {
        FuncSpec {
            name: $name,
            params: &[req("value", $kind)],
            build: |args| {
                converter(PartFn {
                    value: args.getter(0)?,
                    part: $part,
                })
            },
            apply_str: None,
        }
    };
}

pub static SPECS: &[FuncSpec] = &[
    part_fn!("Year", Kind::Time, Part::Year),
    part_fn!("Month", Kind::Time, Part::Month),
    part_fn!("Day", Kind::Time, Part::Day),
    part_fn!("Hour", Kind::Time, Part::Hour),
    part_fn!("Minute", Kind::Time, Part::Minute),
    part_fn!("Second", Kind::Time, Part::Second),
    part_fn!("Nanosecond", Kind::Time, Part::Nanosecond),
    part_fn!("Weekday", Kind::Time, Part::Weekday),
    part_fn!("Hours", Kind::Duration, Part::Hours),
    part_fn!("Minutes", Kind::Duration, Part::Minutes),
    part_fn!("Seconds", Kind::Duration, Part::Seconds),
    part_fn!("Milliseconds", Kind::Duration, Part::Milliseconds),
    part_fn!("Microseconds", Kind::Duration, Part::Microseconds),
    part_fn!("Nanoseconds", Kind::Duration, Part::Nanoseconds),
];

struct PartFn {
    value: Getter,
    part: Part,
}

/// Go's `Duration.Hours()` etc.: whole units plus the remainder as a fraction.
fn fraction(d: i64, unit: i64) -> f64 {
    (d / unit) as f64 + (d % unit) as f64 / unit as f64
}

impl Converter for PartFn {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        use Part::*;
        let v = match self.part {
            Year | Month | Day | Hour | Minute | Second | Nanosecond | Weekday => {
                let t = self.value.eval_time(ctx)?.0;
                Value::Int(match self.part {
                    Year => t.year() as i64,
                    Month => t.month() as i64,
                    Day => t.day() as i64,
                    Hour => t.hour() as i64,
                    Minute => t.minute() as i64,
                    Second => t.second() as i64,
                    Nanosecond => (t.nanosecond() % 1_000_000_000) as i64,
                    _ => t.weekday().num_days_from_sunday() as i64,
                })
            }
            _ => {
                let d = self.value.eval_duration(ctx)?;
                match self.part {
                    Hours => Value::Double(fraction(d, 3_600_000_000_000)),
                    Minutes => Value::Double(fraction(d, 60_000_000_000)),
                    Seconds => Value::Double(fraction(d, 1_000_000_000)),
                    Milliseconds => Value::Int(d / 1_000_000),
                    Microseconds => Value::Int(d / 1_000),
                    _ => Value::Int(d),
                }
            }
        };
        Ok(v)
    }
}
