//! Input that brush-parser accepts but bash rejects: such a line must not be treated as understood.
//!
//! Owns the list of those known differences, found by comparing with `bash -n`. Must stay cheap and must not
//! reject what bash accepts.

use brush_parser::{Token, tokenize_str};

const REDIRECTIONS: &[&str] = &["<", ">", ">>", "<>", ">|", "<&", ">&", "&>", "&>>", "<<<", "<<", "<<-"];

const CONTROL: &[&str] = &["&&", "||", ";", ";;", "|", "|&", "&", ")", "\n", ";&", ";;&"];

/// Why bash would reject `text` although brush parsed it, if it would.
pub fn rejected_by_bash(text: &str) -> Option<String> {
    let tokens = tokenize_str(text).ok()?;
    for (index, token) in tokens.iter().enumerate() {
        let Token::Operator(operator, location) = token else {
            continue;
        };
        if !REDIRECTIONS.contains(&operator.as_str()) {
            continue;
        }
        // bash needs a word after a redirection; brush sometimes takes the next operator as its target.
        let missing = match tokens.get(index + 1) {
            None => true,
            Some(Token::Operator(next, _)) => CONTROL.contains(&next.as_str()),
            Some(Token::Word(..)) => false,
        };
        if missing {
            return Some(format!(
                "the redirection `{operator}` at line {} col {} has no target",
                location.start.line, location.start.column
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirection_without_target_is_rejected() {
        assert!(rejected_by_bash("ls < && echo").is_some());
        assert!(rejected_by_bash("ls >").is_some());
        assert!(rejected_by_bash("ls > out && echo < in").is_none());
        assert!(rejected_by_bash("cat <<EOF\nx\nEOF").is_none());
    }
}
