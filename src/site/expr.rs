//! A small expression language for computed matrix columns: numbers, field paths, `+ - * /`,
//! parentheses and `round(x)` / `round(x, n)`. An unknown input makes the result unknown, and so
//! does division by zero: a computed cell is never a guess.

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number.
    Num(f64),
    /// A field path such as `inwoners` or `bereik_per_team.min`.
    Field(String),
    /// A binary operation.
    Bin(Box<Expr>, char, Box<Expr>),
    /// Negation.
    Neg(Box<Expr>),
    /// `round(x, decimals)`.
    Round(Box<Expr>, u8),
}

/// Parses an expression; the error says where and what was expected.
pub fn parse(src: &str) -> Result<Expr, String> {
    let tokens = tokenize(src)?;
    let mut p = Parser { tokens, pos: 0 };
    let e = p.expr()?;
    match p.tokens.get(p.pos) {
        None => Ok(e),
        Some(t) => Err(format!("onverwacht '{t}' in \"{src}\"")),
    }
}

impl Expr {
    /// Evaluates with `lookup` giving a field's number (None: unknown or not a number).
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        let v = match self {
            Expr::Num(n) => *n,
            Expr::Field(f) => lookup(f)?,
            Expr::Neg(e) => -e.eval(lookup)?,
            Expr::Round(e, d) => {
                let f = 10f64.powi(i32::from(*d));
                (e.eval(lookup)? * f).round() / f
            }
            Expr::Bin(a, op, b) => {
                let (a, b) = (a.eval(lookup)?, b.eval(lookup)?);
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ if b == 0.0 => return None,
                    _ => a / b,
                }
            }
        };
        v.is_finite().then_some(v)
    }

    /// The field paths the expression reads.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            Expr::Num(_) => vec![],
            Expr::Field(f) => vec![f.as_str()],
            Expr::Neg(e) | Expr::Round(e, _) => e.fields(),
            Expr::Bin(a, _, b) => a.fields().into_iter().chain(b.fields()).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(f64),
    Ident(String),
    Op(char),
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Token::Num(n) => write!(f, "{n}"),
            Token::Ident(s) => write!(f, "{s}"),
            Token::Op(c) => write!(f, "{c}"),
        }
    }
}

fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            // In Dutch "10.000" is ten thousand; read as ten it would silently be 1000x off.
            if text.split_once('.').is_some_and(|(_, frac)| frac.len() == 3 && !frac.contains('.'))
            {
                let whole = text.replace('.', "");
                return Err(format!(
                    "'{text}' is dubbelzinnig; schrijf {whole} als u {whole} bedoelt, of {}0 voor een kommagetal",
                    text.trim_end_matches('0')
                ));
            }
            out.push(Token::Num(text.parse().map_err(|_| format!("ongeldig getal '{text}'"))?));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
        } else if "+-*/(),".contains(c) {
            out.push(Token::Op(c));
            i += 1;
        } else {
            return Err(format!(
                "teken '{c}' is niet toegestaan; gebruik getallen, veldnamen, + - * / en haakjes"
            ));
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek_op(&self) -> Option<char> {
        match self.tokens.get(self.pos) {
            Some(Token::Op(c)) => Some(*c),
            _ => None,
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.peek_op() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("'{c}' verwacht"))
        }
    }

    fn expr(&mut self) -> Result<Expr, String> {
        let mut left = self.term()?;
        while let Some(op @ ('+' | '-')) = self.peek_op() {
            self.pos += 1;
            left = Expr::Bin(Box::new(left), op, Box::new(self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, String> {
        let mut left = self.factor()?;
        while let Some(op @ ('*' | '/')) = self.peek_op() {
            self.pos += 1;
            left = Expr::Bin(Box::new(left), op, Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, String> {
        let token = self.tokens.get(self.pos).cloned().ok_or("de uitdrukking houdt te vroeg op")?;
        self.pos += 1;
        match token {
            Token::Num(n) => Ok(Expr::Num(n)),
            Token::Op('-') => Ok(Expr::Neg(Box::new(self.factor()?))),
            Token::Op('(') => {
                let e = self.expr()?;
                self.expect(')')?;
                Ok(e)
            }
            Token::Ident(name) if name == "round" => {
                self.expect('(')?;
                let e = self.expr()?;
                let decimals = if self.peek_op() == Some(',') {
                    self.pos += 1;
                    match self.tokens.get(self.pos) {
                        Some(Token::Num(n)) if *n >= 0.0 && *n <= 10.0 => {
                            self.pos += 1;
                            *n as u8
                        }
                        _ => return Err("round(x, n): n moet een getal van 0 tot 10 zijn".into()),
                    }
                } else {
                    0
                };
                self.expect(')')?;
                Ok(Expr::Round(Box::new(e), decimals))
            }
            Token::Ident(name) => Ok(Expr::Field(name)),
            Token::Op(c) => Err(format!("onverwacht '{c}'")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(f: &str) -> Option<f64> {
        match f {
            "inwoners" => Some(155000.0),
            "teams" => Some(8.0),
            "nul" => Some(0.0),
            _ => None,
        }
    }

    #[test]
    fn computes_with_precedence_and_rounding() {
        assert_eq!(parse("inwoners / teams").unwrap().eval(&lookup), Some(19375.0));
        assert_eq!(parse("1 + 2 * 3").unwrap().eval(&lookup), Some(7.0));
        assert_eq!(parse("(1 + 2) * -3").unwrap().eval(&lookup), Some(-9.0));
        assert_eq!(parse("round(10 / 3, 2)").unwrap().eval(&lookup), Some(3.33));
    }

    #[test]
    fn unknown_inputs_and_division_by_zero_are_unknown() {
        assert_eq!(parse("inwoners / onbekend_veld").unwrap().eval(&lookup), None);
        assert_eq!(parse("inwoners / nul").unwrap().eval(&lookup), None);
    }

    #[test]
    fn syntax_errors_are_explained() {
        assert!(parse("inwoners /").unwrap_err().contains("te vroeg"));
        assert!(parse("inwoners % 2").unwrap_err().contains("'%'"));
        assert!(parse("(1 + 2").unwrap_err().contains("')' verwacht"));
        assert!(
            parse("inwoners / 10.000")
                .unwrap_err()
                .contains("schrijf 10000 als u 10000 bedoelt, of 10.0 voor")
        );
        assert!(parse("1.000.000").unwrap_err().contains("ongeldig getal"));
        assert_eq!(parse("2.5 * 2").unwrap().eval(&lookup), Some(5.0));
        assert_eq!(parse("a.b + c").unwrap().fields(), vec!["a.b", "c"]);
    }
}
