//! The OTTL parser: tokens to the AST of a statement, a condition or a value expression.
//! Recursive descent with backtracking where the Go grammar tries alternatives in order;
//! every error carries the line:column of the offending token.

use crate::ast::{Arg, BoolExpr, Call, CmpOp, Expr, ExprKind, Field, Key, MathOp, Path, Statement};
use crate::error::SyntaxError;
use crate::lexer::{lex, Tok, Token};

/// Deepest nesting of values and conditions accepted (guards the stack on hostile input).
const MAX_DEPTH: usize = 64;

/// Parses `editor(args…) [where condition]`.
pub fn parse_statement(text: &str) -> Result<Statement, SyntaxError> {
    let mut p = Parser::new(text)?;
    let stmt = p.statement()?;
    p.expect_eof()?;
    Ok(stmt)
}

/// Parses a boolean condition (the part after `where`, or a filter condition).
pub fn parse_condition(text: &str) -> Result<BoolExpr, SyntaxError> {
    let mut p = Parser::new(text)?;
    let cond = p.bool_or()?;
    p.expect_eof()?;
    Ok(cond)
}

/// Parses a value expression (a path, literal, converter or math expression).
pub fn parse_value_expression(text: &str) -> Result<Expr, SyntaxError> {
    let mut p = Parser::new(text)?;
    let value = p.value()?;
    p.expect_eof()?;
    Ok(value)
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: usize,
}

fn is_upper(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
}

impl Parser {
    fn new(text: &str) -> Result<Self, SyntaxError> {
        Ok(Parser {
            toks: lex(text)?,
            i: 0,
            depth: 0,
        })
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.i].tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        let idx = (self.i + n).min(self.toks.len() - 1);
        &self.toks[idx].tok
    }

    fn token(&self) -> &Token {
        &self.toks[self.i]
    }

    fn bump(&mut self) -> Token {
        let t = self.toks[self.i].clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }

    fn unexpected(&self, expected: &str) -> SyntaxError {
        let t = self.token();
        let mut msg = format!("unexpected token \"{}\"", t.tok.describe());
        if !expected.is_empty() {
            msg.push_str(&format!(" (expected {expected})"));
        }
        SyntaxError::new(t.pos, msg)
    }

    fn expect(&mut self, tok: &Tok) -> Result<(), SyntaxError> {
        if self.peek() == tok {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(&format!("\"{}\"", tok.describe())))
        }
    }

    fn expect_eof(&self) -> Result<(), SyntaxError> {
        if *self.peek() == Tok::Eof {
            Ok(())
        } else {
            Err(self.unexpected(""))
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError::new(
                self.token().pos,
                "expression nested too deeply",
            ));
        }
        Ok(())
    }

    fn statement(&mut self) -> Result<Statement, SyntaxError> {
        let start = self.token().clone();
        let name = match &start.tok {
            Tok::Word(w) if *self.peek_at(1) == Tok::LParen => w.clone(),
            _ => return Err(self.unexpected("an editor call")),
        };
        self.bump();
        let editor = self.call_rest(name.clone(), start.pos)?;
        if is_upper(&name) {
            return Err(SyntaxError::new(
                start.pos,
                format!("editor names must start with a lowercase letter but got '{name}'"),
            ));
        }
        if !editor.keys.is_empty() {
            return Err(SyntaxError::new(
                start.pos,
                format!(
                    "only paths and converters may be indexed, not editors, but got {name}[...]"
                ),
            ));
        }
        let where_clause = match self.peek() {
            Tok::Word(w) if w == "where" => {
                self.bump();
                Some(self.bool_or()?)
            }
            _ => None,
        };
        Ok(Statement {
            editor,
            where_clause,
        })
    }

    /// After the function name: `( args ) [keys]`.
    fn call_rest(&mut self, name: String, pos: crate::error::Pos) -> Result<Call, SyntaxError> {
        self.expect(&Tok::LParen)?;
        let mut args = Vec::new();
        if *self.peek() != Tok::RParen {
            loop {
                args.push(self.arg()?);
                if *self.peek() == Tok::Comma {
                    self.bump();
                    continue;
                }
                break;
            }
        }
        self.expect(&Tok::RParen)?;
        let keys = self.keys()?;
        Ok(Call {
            name,
            pos,
            args,
            keys,
        })
    }

    fn arg(&mut self) -> Result<Arg, SyntaxError> {
        if let (Tok::Word(w), Tok::Equal) = (self.peek(), self.peek_at(1)) {
            if !is_upper(w) {
                let name = w.clone();
                self.bump();
                self.bump();
                let value = self.value()?;
                return Ok(Arg {
                    name: Some(name),
                    value,
                });
            }
        }
        Ok(Arg {
            name: None,
            value: self.value()?,
        })
    }

    fn keys(&mut self) -> Result<Vec<Key>, SyntaxError> {
        let mut keys = Vec::new();
        while *self.peek() == Tok::LBracket {
            self.bump();
            let key = match (self.peek().clone(), self.peek_at(1)) {
                (Tok::Str(s), Tok::RBracket) => {
                    self.bump();
                    Key::Str(s)
                }
                (Tok::Int(n), Tok::RBracket) => {
                    self.bump();
                    Key::Int(n)
                }
                _ => Key::Expr(self.math()?),
            };
            self.expect(&Tok::RBracket)?;
            keys.push(key);
        }
        Ok(keys)
    }

    /// A value: nil, literal, enum/function name, list, map, path, converter or math.
    fn value(&mut self) -> Result<Expr, SyntaxError> {
        self.enter()?;
        let result = self.value_inner();
        self.depth -= 1;
        result
    }

    fn value_inner(&mut self) -> Result<Expr, SyntaxError> {
        let t = self.token().clone();
        let kind = match t.tok {
            Tok::Nil => {
                self.bump();
                ExprKind::Nil
            }
            Tok::Str(s) => {
                self.bump();
                ExprKind::Str(s)
            }
            Tok::Bytes(b) => {
                self.bump();
                ExprKind::Bytes(b)
            }
            Tok::Bool(b) => {
                self.bump();
                ExprKind::Bool(b)
            }
            Tok::LBracket => return self.list(),
            Tok::LBrace => return self.map(),
            Tok::Word(ref w) if is_upper(w) && *self.peek_at(1) != Tok::LParen => {
                self.bump();
                ExprKind::Ident(w.clone())
            }
            _ => return self.math(),
        };
        Ok(Expr { kind, pos: t.pos })
    }

    fn list(&mut self) -> Result<Expr, SyntaxError> {
        let pos = self.token().pos;
        self.expect(&Tok::LBracket)?;
        let mut items = Vec::new();
        if *self.peek() != Tok::RBracket {
            loop {
                items.push(self.value()?);
                if *self.peek() == Tok::Comma {
                    self.bump();
                    continue;
                }
                break;
            }
        }
        self.expect(&Tok::RBracket)?;
        Ok(Expr {
            kind: ExprKind::List(items),
            pos,
        })
    }

    fn map(&mut self) -> Result<Expr, SyntaxError> {
        let pos = self.token().pos;
        self.expect(&Tok::LBrace)?;
        let mut items = Vec::new();
        while *self.peek() != Tok::RBrace {
            let key = match self.peek().clone() {
                Tok::Str(s) => {
                    self.bump();
                    s
                }
                _ => return Err(self.unexpected("a string map key")),
            };
            self.expect(&Tok::Colon)?;
            items.push((key, self.value()?));
            if *self.peek() == Tok::Comma {
                self.bump();
            }
        }
        self.expect(&Tok::RBrace)?;
        Ok(Expr {
            kind: ExprKind::Map(items),
            pos,
        })
    }

    /// `term (('+'|'-') term)*`
    fn math(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.term()?;
        loop {
            let op = match self.peek() {
                Tok::Plus => MathOp::Add,
                Tok::Minus => MathOp::Sub,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.term()?;
            let pos = left.pos;
            left = Expr {
                kind: ExprKind::Math(Box::new(left), op, Box::new(right)),
                pos,
            };
        }
    }

    /// `factor (('*'|'/') factor)*`
    fn term(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.factor()?;
        loop {
            let op = match self.peek() {
                Tok::Star => MathOp::Mul,
                Tok::Slash => MathOp::Div,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.factor()?;
            let pos = left.pos;
            left = Expr {
                kind: ExprKind::Math(Box::new(left), op, Box::new(right)),
                pos,
            };
        }
    }

    /// An optional sign, then a number, path, converter or `( math )`.
    fn factor(&mut self) -> Result<Expr, SyntaxError> {
        self.enter()?;
        let result = self.factor_inner();
        self.depth -= 1;
        result
    }

    fn factor_inner(&mut self) -> Result<Expr, SyntaxError> {
        let t = self.token().clone();
        match t.tok {
            Tok::Minus | Tok::Plus => {
                self.bump();
                let inner = self.primary()?;
                if t.tok == Tok::Plus {
                    return Ok(inner);
                }
                let kind = match inner.kind {
                    ExprKind::Int(n) => ExprKind::Int(n.wrapping_neg()),
                    ExprKind::Float(f) => ExprKind::Float(-f),
                    other => ExprKind::Neg(Box::new(Expr {
                        kind: other,
                        pos: inner.pos,
                    })),
                };
                Ok(Expr { kind, pos: t.pos })
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        let t = self.token().clone();
        match t.tok {
            Tok::Int(n) => {
                self.bump();
                Ok(Expr {
                    kind: ExprKind::Int(n),
                    pos: t.pos,
                })
            }
            Tok::Float(f) => {
                self.bump();
                Ok(Expr {
                    kind: ExprKind::Float(f),
                    pos: t.pos,
                })
            }
            Tok::LParen => {
                self.bump();
                let inner = self.math()?;
                self.expect(&Tok::RParen)?;
                Ok(inner)
            }
            Tok::Word(ref w) if *self.peek_at(1) == Tok::LParen => {
                let name = w.clone();
                self.bump();
                let call = self.call_rest(name.clone(), t.pos)?;
                if !is_upper(&name) {
                    return Err(SyntaxError::new(
                        t.pos,
                        format!(
                            "converter names must start with an uppercase letter but got '{name}'"
                        ),
                    ));
                }
                Ok(Expr {
                    kind: ExprKind::Converter(call),
                    pos: t.pos,
                })
            }
            Tok::Word(ref w) if !is_upper(w) => self.path(),
            _ => Err(self.unexpected("a value")),
        }
    }

    fn path(&mut self) -> Result<Expr, SyntaxError> {
        let pos = self.token().pos;
        let mut fields = Vec::new();
        loop {
            let name = match self.peek().clone() {
                Tok::Word(w) if !is_upper(&w) && w.bytes().all(|b| !b.is_ascii_uppercase()) => {
                    self.bump();
                    w
                }
                _ => return Err(self.unexpected("a path segment")),
            };
            let keys = self.keys()?;
            fields.push(Field { name, keys });
            if *self.peek() == Tok::Dot {
                self.bump();
                continue;
            }
            break;
        }
        Ok(Expr {
            kind: ExprKind::Path(Path { fields, pos }),
            pos,
        })
    }

    /// `and_expr ('or' and_expr)*`
    fn bool_or(&mut self) -> Result<BoolExpr, SyntaxError> {
        let mut terms = vec![self.bool_and()?];
        while *self.peek() == Tok::Or {
            self.bump();
            terms.push(self.bool_and()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            BoolExpr::Or(terms)
        })
    }

    /// `bool_value ('and' bool_value)*`
    fn bool_and(&mut self) -> Result<BoolExpr, SyntaxError> {
        let mut terms = vec![self.bool_value()?];
        while *self.peek() == Tok::And {
            self.bump();
            terms.push(self.bool_value()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            BoolExpr::And(terms)
        })
    }

    /// `'not'? (comparison | true | false | Converter(...) | '(' bool_or ')')`
    fn bool_value(&mut self) -> Result<BoolExpr, SyntaxError> {
        self.enter()?;
        let result = self.bool_value_inner();
        self.depth -= 1;
        result
    }

    fn bool_value_inner(&mut self) -> Result<BoolExpr, SyntaxError> {
        if *self.peek() == Tok::Not {
            self.bump();
            let inner = self.bool_atom()?;
            return Ok(BoolExpr::Not(Box::new(inner)));
        }
        self.bool_atom()
    }

    fn bool_atom(&mut self) -> Result<BoolExpr, SyntaxError> {
        let start = self.i;
        // 1. A comparison `value op value`, or a lone boolean or converter.
        let first_err = match self.value() {
            Ok(left) => {
                if let Tok::Cmp(sym) = self.peek().clone() {
                    self.bump();
                    let right = self.value()?;
                    let op = CmpOp::from_symbol(sym).unwrap_or(CmpOp::Eq);
                    return Ok(BoolExpr::Compare(left, op, right));
                }
                match left.kind {
                    ExprKind::Bool(b) => return Ok(BoolExpr::Const(b)),
                    ExprKind::Converter(call) => return Ok(BoolExpr::Converter(call)),
                    _ => self.unexpected("a comparison operator"),
                }
            }
            Err(e) => e,
        };
        // 2. A parenthesized condition.
        self.i = start;
        if *self.peek() != Tok::LParen {
            return Err(first_err);
        }
        self.bump();
        let second_err = match self.bool_or() {
            Ok(inner) if *self.peek() == Tok::RParen => {
                self.bump();
                return Ok(inner);
            }
            Ok(_) => self.unexpected("\")\""),
            Err(e) => e,
        };
        let pos = |e: &SyntaxError| (e.pos.line, e.pos.col);
        Err(if pos(&second_err) >= pos(&first_err) {
            second_err
        } else {
            first_err
        })
    }
}
