//! Lexer, parser, math and value-expression behaviour (Go `lexer_test.go`, `parser_test.go`,
//! `math_test.go` re-expressed), with positions in every error.

mod common;

use common::*;
use otelcol_ottl::ast::{BoolExpr, CmpOp, ExprKind, MathOp};
use otelcol_ottl::lexer::{lex, Tok};
use otelcol_ottl::parser::{parse_condition, parse_statement, parse_value_expression};
use otelcol_ottl::time::Time;
use otelcol_ottl::{compile_value, ContextName, EvalContext, OwnedValue, Value};

fn toks(s: &str) -> Vec<Tok> {
    lex(s).unwrap().into_iter().map(|t| t.tok).collect()
}

#[test]
fn lexer_tokens_follow_the_go_rules() {
    use Tok::*;
    let w = |s: &str| Word(s.to_string());
    assert_eq!(
        toks(r#"set(attributes["bytes"], 0x0102030405060708)"#),
        vec![
            w("set"),
            LParen,
            w("attributes"),
            LBracket,
            Str("bytes".into()),
            RBracket,
            Comma,
            Bytes(vec![1, 2, 3, 4, 5, 6, 7, 8]),
            RParen,
            Eof
        ]
    );
    assert_eq!(
        toks("1.5 .5 1. 2e5 10"),
        vec![
            Float(1.5),
            Float(0.5),
            Float(1.0),
            Int(2),
            w("e5"),
            Int(10),
            Eof
        ]
    );
    assert_eq!(toks("1.5e-3"), vec![Float(0.0015), Eof]);
    assert_eq!(
        toks("a == b != c >= d <= e > f < g"),
        vec![
            w("a"),
            Cmp("=="),
            w("b"),
            Cmp("!="),
            w("c"),
            Cmp(">="),
            w("d"),
            Cmp("<="),
            w("e"),
            Cmp(">"),
            w("f"),
            Cmp("<"),
            w("g"),
            Eof
        ]
    );
    assert_eq!(
        toks("not nothing or and true false nil"),
        vec![
            Not,
            w("nothing"),
            Or,
            And,
            Bool(true),
            Bool(false),
            Nil,
            Eof
        ]
    );
    assert_eq!(
        toks("x = {\"k\": [1]}"),
        vec![
            w("x"),
            Equal,
            LBrace,
            Str("k".into()),
            Colon,
            LBracket,
            Int(1),
            RBracket,
            RBrace,
            Eof
        ]
    );
    assert_eq!(
        toks("(x) => x"),
        vec![LParen, w("x"), RParen, Arrow, w("x"), Eof]
    );
    assert_eq!(
        toks("1+2-3*4/5"),
        vec![
            Int(1),
            Plus,
            Int(2),
            Minus,
            Int(3),
            Star,
            Int(4),
            Slash,
            Int(5),
            Eof
        ]
    );
    assert_eq!(
        toks("SEVERITY_NUMBER_INFO ParseJSON"),
        vec![w("SEVERITY_NUMBER_INFO"), w("ParseJSON"), Eof]
    );
}

#[test]
fn string_literals_unquote_like_go() {
    let s = |lit: &str| match &toks(lit)[0] {
        Tok::Str(s) => s.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(s(r#""a\"b""#), "a\"b");
    assert_eq!(s(r#""\\d+""#), "\\d+");
    assert_eq!(s(r#""\n\t\u00e9\x41""#), "\n\téA");
    assert_eq!(s(r#""日本""#), "日本");
    let e = lex(r#"set(x, "\q")"#).unwrap_err();
    assert_eq!(e.to_string(), r#"1:8: invalid string literal "\q""#);
    assert_eq!(
        lex("x # y").unwrap_err().to_string(),
        "1:3: invalid input text \"# y\""
    );
    assert_eq!(
        lex("0x123").unwrap_err().to_string(),
        "1:1: encoding/hex: odd length hex string"
    );
}

#[test]
fn statements_parse_into_editor_args_and_where() {
    let st = parse_statement(r#"set(attributes["a"]["b"], Concat([1, "x"], "-")[0]) where a == 1 and not (b > 2 or IsMap(c))"#).unwrap();
    assert_eq!(st.editor.name, "set");
    assert_eq!(st.editor.args.len(), 2);
    match &st.editor.args[1].value.kind {
        ExprKind::Converter(c) => {
            assert_eq!(c.name, "Concat");
            assert_eq!(c.keys.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    match st.where_clause.unwrap() {
        BoolExpr::And(terms) => {
            assert!(matches!(&terms[0], BoolExpr::Compare(_, CmpOp::Eq, _)));
            assert!(
                matches!(&terms[1], BoolExpr::Not(inner) if matches!(**inner, BoolExpr::Or(_)))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn named_arguments_and_function_names_parse() {
    let st =
        parse_statement(r#"replace_pattern(body, "a", "b", SHA256, replacement_format="x%s")"#)
            .unwrap();
    assert!(matches!(&st.editor.args[3].value.kind, ExprKind::Ident(n) if n == "SHA256"));
    assert_eq!(
        st.editor.args[4].name.as_deref(),
        Some("replacement_format")
    );
}

#[test]
fn math_precedence_and_unary_minus() {
    let e = parse_value_expression("1 + 2 * 3 - -4").unwrap();
    match e.kind {
        ExprKind::Math(l, MathOp::Sub, r) => {
            assert!(matches!(r.kind, ExprKind::Int(-4)));
            assert!(matches!(l.kind, ExprKind::Math(_, MathOp::Add, _)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn parse_errors_carry_line_and_column() {
    let cases = [
        (
            "set(body, \"x\"",
            "1:14: unexpected token \"<EOF>\" (expected \")\")",
        ),
        ("set(body, \"x\") where", "1:21: unexpected token \"<EOF>\""),
        ("set(body, \"x\") extra", "1:16: unexpected token \"extra\""),
        (
            "Set(body, \"x\")",
            "1:1: editor names must start with a lowercase letter but got 'Set'",
        ),
        (
            "set(body, set(x))",
            "1:11: converter names must start with an uppercase letter but got 'set'",
        ),
        (
            "set(body, \"x\")[0]",
            "1:1: only paths and converters may be indexed, not editors",
        ),
        ("set(attributes[], 1)", "1:16: unexpected token \"]\""),
        (
            "set(body, {1: 2})",
            "1:12: unexpected token \"1\" (expected a string map key)",
        ),
    ];
    for (stmt, want) in cases {
        let got = parse_statement(stmt).unwrap_err().to_string();
        assert!(got.starts_with(want), "{stmt}: {got}");
    }
    assert_eq!(
        parse_condition("a == ").unwrap_err().to_string(),
        "1:6: unexpected token \"<EOF>\" (expected a value)"
    );
}

#[test]
fn deeply_nested_input_is_refused_not_a_stack_overflow() {
    let deep = format!("set(body, {}1{})", "(".repeat(10_000), ")".repeat(10_000));
    let e = parse_statement(&deep).unwrap_err().to_string();
    assert!(e.contains("nested too deeply"), "{e}");
}

fn eval(text: &str) -> Result<OwnedValue, String> {
    let mut rec = e2e_converters_fixture();
    let mut cache = Vec::new();
    let ctx = EvalContext::log(
        &mut rec.resource,
        &mut rec.resource_schema_url,
        &mut rec.scope,
        &mut rec.scope_schema_url,
        &mut rec.record,
        &mut cache,
    );
    let g = compile_value(text, ContextName::Log).map_err(|e| e.to_string())?;
    g.eval(&ctx)
        .map(Value::into_owned)
        .map_err(|e| e.to_string())
}

#[test]
fn math_follows_go_int_float_and_time_rules() {
    assert_eq!(eval("1 + 2 * 3").unwrap(), Value::Int(7));
    assert_eq!(eval("(1 + 2) * 3").unwrap(), Value::Int(9));
    assert_eq!(eval("7 / 2").unwrap(), Value::Int(3));
    assert_eq!(eval("-7 / 2").unwrap(), Value::Int(-3));
    assert_eq!(eval("1.5 * 2.0").unwrap(), Value::Double(3.0));
    assert_eq!(eval("1 + 0.5").unwrap(), Value::Double(1.5));
    assert_eq!(
        eval("10 - attributes[\"int_value\"]").unwrap(),
        Value::Int(10)
    );
    assert_eq!(eval("-(2 + 3)").unwrap(), Value::Int(-5));
    assert_eq!(eval("1 / 0").unwrap_err(), "attempted to divide by 0");
    assert_eq!(eval("1.0 / 0.0").unwrap_err(), "attempted to divide by 0");
    assert_eq!(
        eval("1 + body").unwrap_err(),
        "operationA must be int64 or float64"
    );
    assert_eq!(
        eval("body + 1").unwrap_err(),
        "operationA must be int64, float64, time.Time or time.Duration"
    );
    assert_eq!(
        eval("observed_time - time").unwrap(),
        Value::Duration(1_000_000_468)
    );
    assert_eq!(
        eval("time + Duration(\"1s\")").unwrap(),
        Value::Time(Time::from_timestamp(TEST_LOG_TIME + 1_000_000_000))
    );
    assert_eq!(
        eval("time - Duration(\"1s\")").unwrap(),
        Value::Time(Time::from_timestamp(TEST_LOG_TIME - 1_000_000_000))
    );
    assert_eq!(
        eval("Duration(\"1s\") + Duration(\"1ms\")").unwrap(),
        Value::Duration(1_001_000_000)
    );
    assert_eq!(
        eval("Duration(\"1s\") - Duration(\"1ms\")").unwrap(),
        Value::Duration(999_000_000)
    );
    assert_eq!(
        eval("Duration(\"1s\") + time").unwrap(),
        Value::Time(Time::from_timestamp(TEST_LOG_TIME + 1_000_000_000))
    );
    assert!(eval("time * 2")
        .unwrap_err()
        .contains("only addition and subtraction"));
    assert!(eval("time + 1")
        .unwrap_err()
        .contains("time.Time must be added to time.Duration"));
    assert!(eval("Duration(\"1s\") - time")
        .unwrap_err()
        .contains("must be subtracted from time.Duration"));
    assert_eq!(
        eval("-body").unwrap_err(),
        "unsupported unary minus operation on type string"
    );
}

#[test]
fn literals_enums_lists_and_maps_evaluate() {
    assert_eq!(eval("SEVERITY_NUMBER_UNSPECIFIED").unwrap(), Value::Int(0));
    assert_eq!(eval("SEVERITY_NUMBER_WARN3").unwrap(), Value::Int(15));
    assert_eq!(eval("SEVERITY_NUMBER_FATAL4").unwrap(), Value::Int(24));
    assert_eq!(eval("0xff00").unwrap(), Value::Bytes(vec![0xff, 0].into()));
    assert_eq!(eval("nil").unwrap(), Value::Nil);
    assert_eq!(
        eval("[1, \"a\", nil]").unwrap(),
        Value::List(vec![Value::Int(1), Value::string("a".into()), Value::Nil])
    );
    assert_eq!(
        eval("String({\"b\": 1, \"a\": [true]})").unwrap(),
        Value::string(r#"{"a":[true],"b":1}"#.into())
    );
    assert!(eval("SEVERITY_NUMBER_LOUD")
        .unwrap_err()
        .contains("enum symbol, SEVERITY_NUMBER_LOUD, not found"));
}
