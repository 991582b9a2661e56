//! `IsInCIDR(target, networks[])`: whether an IP address falls in any of the CIDR ranges.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;
use std::net::IpAddr;

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "IsInCIDR",
    params: &[req("target", Kind::Str), req("networks", Kind::StrList)],
    build,
    apply_str: None,
}];

struct IsInCidr {
    target: Getter,
    networks: Vec<(IpAddr, u8)>,
}

fn parse_cidr(s: &str) -> Result<(IpAddr, u8), String> {
    let (addr, bits) = s.split_once('/').ok_or_else(|| format!("invalid CIDR address: {s}"))?;
    let addr: IpAddr = addr.parse().map_err(|_| format!("invalid CIDR address: {s}"))?;
    let bits: u8 = bits.parse().map_err(|_| format!("invalid CIDR address: {s}"))?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    if bits > max {
        return Err(format!("invalid CIDR address: {s}"));
    }
    Ok((addr, bits))
}

fn bits_of(addr: IpAddr) -> (u128, u32) {
    match addr {
        IpAddr::V4(v4) => (u32::from(v4) as u128, 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    }
}

fn contains(net: (IpAddr, u8), ip: IpAddr) -> bool {
    let (n, width) = bits_of(net.0);
    let (i, iwidth) = bits_of(ip);
    if width != iwidth {
        return false;
    }
    let shift = width - net.1 as u32;
    if shift >= 128 {
        return true;
    }
    (n >> shift) == (i >> shift)
}

fn build(args: &mut Args) -> Result<Built, String> {
    let networks = args
        .strs(1)?
        .iter()
        .map(|s| parse_cidr(s))
        .collect::<Result<_, _>>()?;
    converter(IsInCidr {
        target: args.getter(0)?,
        networks,
    })
}

impl Converter for IsInCidr {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let s = self.target.eval_str(ctx)?;
        let Ok(ip) = s.parse::<IpAddr>() else {
            return Ok(Value::Bool(false));
        };
        Ok(Value::Bool(self.networks.iter().any(|n| contains(*n, ip))))
    }
}
