//! Fuzzes the parser, the compiler and the evaluator: any text either fails to compile with
//! an error, or runs on a record (errors ignored) without panicking.

#![no_main]

use libfuzzer_sys::fuzz_target;
use otelcol_core::pdata::{any_value, AnyValue, KeyValue, KeyValueList, LogRecord};
use otelcol_ottl::{compile_group, execute_statements, ContextName, ErrorMode, EvalContext};

fn kv(k: &str, v: any_value::Value) -> KeyValue {
    KeyValue {
        key: k.to_string(),
        value: Some(AnyValue { value: Some(v) }),
        ..Default::default()
    }
}

fn record() -> LogRecord {
    LogRecord {
        body: Some(AnyValue {
            value: Some(any_value::Value::StringValue("operationA".into())),
        }),
        time_unix_nano: 1_581_452_772_000_000_321,
        attributes: vec![
            kv("http.method", any_value::Value::StringValue("get".into())),
            kv("int_value", any_value::Value::IntValue(0)),
            kv(
                "event",
                any_value::Value::KvlistValue(KeyValueList {
                    values: vec![kv("a", any_value::Value::DoubleValue(1.5))],
                }),
            ),
        ],
        ..Default::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (stmt, cond) = match text.split_once('\u{1}') {
        Some((s, c)) => (vec![s.to_string()], vec![c.to_string()]),
        None => (vec![text.to_string()], vec![]),
    };
    for context in [Some(ContextName::Log), None] {
        let Ok(group) = compile_group(&stmt, &cond, context) else {
            continue;
        };
        let mut resource = None;
        let mut scope = None;
        let (mut rs, mut ss) = (String::new(), String::new());
        let mut rec = record();
        let mut cache = Vec::new();
        let mut ctx = EvalContext::log(&mut resource, &mut rs, &mut scope, &mut ss, &mut rec, &mut cache);
        for c in &group.conditions {
            let _ = c.eval(&ctx);
        }
        let _ = execute_statements(&group.statements, ErrorMode::Silent, &mut ctx);
    }
});
