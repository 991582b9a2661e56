//! The OTTL lexer: statement text to tokens, each with its byte offset (Go `grammar.go` rules).

use crate::error::{Pos, SyntaxError};

/// One token of a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// `0x…`, already hex-decoded.
    Bytes(Vec<u8>),
    Float(f64),
    Int(i64),
    /// A string literal, unquoted with Go `strconv.Unquote` rules.
    Str(String),
    /// A word `[A-Za-z][A-Za-z0-9_]*` that is not a keyword.
    Word(String),
    Nil,
    Not,
    Or,
    And,
    Bool(bool),
    /// `== != < <= > >=`
    Cmp(&'static str),
    Plus,
    Minus,
    Star,
    Slash,
    Equal,
    Arrow,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Colon,
    Comma,
    Dot,
    Eof,
}

impl Tok {
    /// How the token is shown in "unexpected token" errors.
    pub fn describe(&self) -> String {
        match self {
            Tok::Bytes(b) => format!("0x{}", hex::encode(b)),
            Tok::Float(f) => format!("{f}"),
            Tok::Int(i) => i.to_string(),
            Tok::Str(s) => format!("{s:?}"),
            Tok::Word(w) => w.clone(),
            Tok::Nil => "nil".into(),
            Tok::Not => "not".into(),
            Tok::Or => "or".into(),
            Tok::And => "and".into(),
            Tok::Bool(b) => b.to_string(),
            Tok::Cmp(op) => (*op).into(),
            Tok::Plus => "+".into(),
            Tok::Minus => "-".into(),
            Tok::Star => "*".into(),
            Tok::Slash => "/".into(),
            Tok::Equal => "=".into(),
            Tok::Arrow => "=>".into(),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::LBrace => "{".into(),
            Tok::RBrace => "}".into(),
            Tok::LBracket => "[".into(),
            Tok::RBracket => "]".into(),
            Tok::Colon => ":".into(),
            Tok::Comma => ",".into(),
            Tok::Dot => ".".into(),
            Tok::Eof => "<EOF>".into(),
        }
    }
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
}

/// Splits `text` into tokens; the last one is always `Eof`.
pub fn lex(text: &str) -> Result<Vec<Token>, SyntaxError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let pos = Pos::at(text, start);
        let tok = if c == b'0' && bytes.get(i + 1) == Some(&b'x') && is_hex(bytes.get(i + 2)) {
            i += 2;
            while is_hex(bytes.get(i)) {
                i += 1;
            }
            let digits = &text[start + 2..i];
            match hex::decode(digits) {
                Ok(b) => Tok::Bytes(b),
                Err(_) => return Err(SyntaxError::new(pos, "encoding/hex: odd length hex string")),
            }
        } else if c.is_ascii_digit() || (c == b'.' && is_digit(bytes.get(i + 1))) {
            lex_number(text, &mut i, pos)?
        } else if c == b'"' {
            lex_string(text, &mut i, pos)?
        } else if c.is_ascii_alphabetic() {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            keyword_or_word(&text[start..i])
        } else {
            let two = text.get(i..i + 2).unwrap_or("");
            let (tok, len) = match two {
                "==" => (Tok::Cmp("=="), 2),
                "!=" => (Tok::Cmp("!="), 2),
                ">=" => (Tok::Cmp(">="), 2),
                "<=" => (Tok::Cmp("<="), 2),
                "=>" => (Tok::Arrow, 2),
                _ => match c {
                    b'>' => (Tok::Cmp(">"), 1),
                    b'<' => (Tok::Cmp("<"), 1),
                    b'+' => (Tok::Plus, 1),
                    b'-' => (Tok::Minus, 1),
                    b'*' => (Tok::Star, 1),
                    b'/' => (Tok::Slash, 1),
                    b'=' => (Tok::Equal, 1),
                    b'(' => (Tok::LParen, 1),
                    b')' => (Tok::RParen, 1),
                    b'{' => (Tok::LBrace, 1),
                    b'}' => (Tok::RBrace, 1),
                    b'[' => (Tok::LBracket, 1),
                    b']' => (Tok::RBracket, 1),
                    b':' => (Tok::Colon, 1),
                    b',' => (Tok::Comma, 1),
                    b'.' => (Tok::Dot, 1),
                    _ => {
                        let rest: String = text[start..].chars().take(20).collect();
                        return Err(SyntaxError::new(
                            pos,
                            format!("invalid input text {rest:?}"),
                        ));
                    }
                },
            };
            i += len;
            tok
        };
        out.push(Token { tok, pos });
    }
    out.push(Token {
        tok: Tok::Eof,
        pos: Pos::at(text, text.len()),
    });
    Ok(out)
}

fn is_hex(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_hexdigit())
}

fn is_digit(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_digit())
}

fn keyword_or_word(word: &str) -> Tok {
    match word {
        "nil" => Tok::Nil,
        "not" => Tok::Not,
        "or" => Tok::Or,
        "and" => Tok::And,
        "true" => Tok::Bool(true),
        "false" => Tok::Bool(false),
        _ => Tok::Word(word.to_string()),
    }
}

/// `\d+`, or a float `(\d+\.\d*|\d*\.\d+)([eE][-+]?\d+)?`.
fn lex_number(text: &str, i: &mut usize, pos: Pos) -> Result<Tok, SyntaxError> {
    let bytes = text.as_bytes();
    let start = *i;
    while is_digit(bytes.get(*i)) {
        *i += 1;
    }
    let mut is_float = false;
    if bytes.get(*i) == Some(&b'.') {
        is_float = true;
        *i += 1;
        while is_digit(bytes.get(*i)) {
            *i += 1;
        }
        if matches!(bytes.get(*i), Some(b'e' | b'E')) {
            let mut j = *i + 1;
            if matches!(bytes.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if is_digit(bytes.get(j)) {
                while is_digit(bytes.get(j)) {
                    j += 1;
                }
                *i = j;
            }
        }
    }
    let literal = &text[start..*i];
    if is_float {
        literal
            .parse::<f64>()
            .map(Tok::Float)
            .map_err(|_| SyntaxError::new(pos, format!("invalid float {literal:?}")))
    } else {
        literal.parse::<i64>().map(Tok::Int).map_err(|_| {
            SyntaxError::new(
                pos,
                format!("strconv.ParseInt: parsing {literal:?}: value out of range"),
            )
        })
    }
}

/// `"(\\.|[^\\"])*"`, then unquoted as Go `strconv.Unquote` does.
fn lex_string(text: &str, i: &mut usize, pos: Pos) -> Result<Tok, SyntaxError> {
    let bytes = text.as_bytes();
    let start = *i;
    *i += 1;
    loop {
        match bytes.get(*i) {
            None => return Err(SyntaxError::new(pos, "unterminated string literal")),
            Some(b'\\') => *i += 2,
            Some(b'"') => {
                *i += 1;
                break;
            }
            Some(_) => *i += 1,
        }
    }
    let end = (*i).min(text.len());
    let body = &text[start + 1..end - 1];
    unquote(body)
        .map(Tok::Str)
        .map_err(|_| SyntaxError::new(pos, format!("invalid string literal {}", &text[start..end])))
}

/// A string literal that Go's `strconv.Unquote` refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadEscape;

/// Go `strconv.Unquote` of a double-quoted literal's inside.
pub fn unquote(body: &str) -> Result<String, BadEscape> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => return Err(BadEscape),
            '\\' => {
                let e = chars.next().ok_or(BadEscape)?;
                match e {
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'v' => out.push('\u{b}'),
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    'x' => out.push(hex_escape(&mut chars, 2)?),
                    'u' => out.push(hex_escape(&mut chars, 4)?),
                    'U' => out.push(hex_escape(&mut chars, 8)?),
                    '0'..='7' => {
                        let mut v = e.to_digit(8).ok_or(BadEscape)?;
                        for _ in 0..2 {
                            let d = chars.next().and_then(|d| d.to_digit(8)).ok_or(BadEscape)?;
                            v = v * 8 + d;
                        }
                        if v > 255 {
                            return Err(BadEscape);
                        }
                        out.push(char::from_u32(v).ok_or(BadEscape)?);
                    }
                    _ => return Err(BadEscape),
                }
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn hex_escape(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    n: usize,
) -> Result<char, BadEscape> {
    let mut v: u32 = 0;
    for _ in 0..n {
        let d = chars.next().and_then(|d| d.to_digit(16)).ok_or(BadEscape)?;
        v = v * 16 + d;
    }
    char::from_u32(v).ok_or(BadEscape)
}
