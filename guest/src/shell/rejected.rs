//! Input that brush-parser accepts but bash rejects, or that brush-parser cannot handle: such a line must not be
//! treated as understood.
//!
//! Owns the list of those known differences, found by comparing with `bash -n` and by fuzzing. Must stay cheap and
//! must not reject what bash runs.

use brush_parser::{ParserOptions, Token, tokenize_str_with_options};

const REDIRECTIONS: &[&str] = &["<", ">", ">>", "<>", ">|", "<&", ">&", "&>", "&>>", "<<<", "<<", "<<-"];

const CONTROL: &[&str] = &["&&", "||", ";", ";;", "|", "|&", "&", ")", "\n", ";&", ";;&"];

/// Why bash would reject `text` although brush parsed it with `options`, if it would. The tokens are read with the
/// parser's own options, so this reading cannot meet input the parser did not already read.
pub fn rejected_by_bash(text: &str, options: &ParserOptions) -> Option<String> {
    let tokens = tokenize_str_with_options(text, &options.tokenizer_options()).ok()?;
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

/// A redirection whose file descriptor is out of range (`99999999999>f`), which bash refuses to run and which
/// brush-parser cannot represent (it would abort). Checked on the raw text before parsing, since the parser's own
/// tokens are not available then: a digit run that starts a word and runs into `<` or `>`. Inside quotes this may
/// refuse a harmless line; it never lets one through.
pub fn descriptor_out_of_range(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let starts_word = index == 0 || b" \t\n;|&()".contains(&bytes[index - 1]);
        if !(starts_word && bytes[index].is_ascii_digit()) {
            index += 1;
            continue;
        }
        let end = bytes[index..].iter().position(|b| !b.is_ascii_digit()).map_or(bytes.len(), |n| index + n);
        let digits = &text[index..end];
        if matches!(bytes.get(end), Some(b'<' | b'>')) && digits.parse::<i32>().is_err() {
            return Some(format!("a redirection names the file descriptor `{digits}`, which is out of range"));
        }
        index = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirection_without_target_is_rejected() {
        let options = ParserOptions::default();
        assert!(rejected_by_bash("ls < && echo", &options).is_some());
        assert!(rejected_by_bash("ls >", &options).is_some());
        assert!(rejected_by_bash("ls > out && echo < in", &options).is_none());
        assert!(rejected_by_bash("cat <<EOF\nx\nEOF", &options).is_none());
    }

    #[test]
    fn out_of_range_descriptor_is_rejected_before_parsing() {
        assert!(descriptor_out_of_range("88111111111>}").is_some());
        assert!(descriptor_out_of_range("ls 99999999999>out").is_some());
        assert!(descriptor_out_of_range("ls 2>out 9>&1").is_none());
        assert!(descriptor_out_of_range("echo 99999999999 >out").is_none());
        assert!(descriptor_out_of_range("F|4444444444<<j\n").is_some());
        assert!(descriptor_out_of_range("echo a99999999999>out").is_none());
    }
}
