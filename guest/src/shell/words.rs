//! Word evaluation: quote removal, static-or-not, and the command substitutions a word contains.
//!
//! Owns the reading of brush's word pieces. Must not expand anything for real (no variables, no globbing, no
//! running): a word that needs expansion is reported as not static, with its raw text kept.

use brush_parser::ParserOptions;
use brush_parser::word::{self, ParameterExpr, TildeExpr, WordPiece, WordPieceWithSource};

use super::parser_hazards::{WordText, word_hazard};
use super::taint::arithmetic_names;

/// Code that a word would run, found inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    /// The command line inside the substitution.
    pub text: String,
    /// How it is reached, for `via`: `$()`, `` `…` ``, `<()`, `>()`, `heredoc`.
    pub via: &'static str,
}

/// One word, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordValue {
    /// The word as written.
    pub raw: String,
    /// The word without quotes and escapes; meaningful only when `is_static`.
    pub value: String,
    /// False when the value depends on expansion (parameters, substitutions, arithmetic, braces).
    pub is_static: bool,
    pub substitutions: Vec<Substitution>,
    /// The variables whose values the word's value is made from (`$x`, `${x:-…}`).
    pub references: Vec<String>,
    /// The variables whose values bash reads as arithmetic or as a variable name while expanding the word
    /// (`$((x))`, `${a[i]}`, `${s:n}`, `${!x}`).
    pub evaluated_names: Vec<String>,
    /// The substitutions whose output bash reads as arithmetic while expanding the word (`$(( $(cmd) ))`).
    pub evaluated_outputs: Vec<String>,
    /// Variables the word assigns while it expands (`${y:=$x}`), with the value.
    pub defaults: Vec<(String, WordValue)>,
    /// Whether unquoted text holds a glob character (`*`, `?`, `[`), which bash replaces with file names.
    pub globs: bool,
    /// Set when brush could not read the word.
    pub error: Option<String>,
}

impl WordValue {
    /// Takes in what a part of this word (a nested word or arithmetic text) runs and reads as code.
    fn absorb(&mut self, part: WordValue) {
        self.substitutions.extend(part.substitutions);
        self.evaluated_names.extend(part.evaluated_names);
        self.evaluated_outputs.extend(part.evaluated_outputs);
        self.defaults.extend(part.defaults);
        if self.error.is_none() {
            self.error = part.error;
        }
    }

    /// A word that is already plain text (e.g. produced by a wrapper).
    pub fn literal(text: &str) -> Self {
        WordValue { raw: text.to_owned(), value: text.to_owned(), is_static: true, ..WordValue::default() }
    }

    /// The text policies see: the value when static, the raw text otherwise.
    pub fn shown(&self) -> &str {
        if self.is_static { &self.value } else { &self.raw }
    }
}

/// Reads a shell word.
pub fn evaluate(raw: &str, options: &ParserOptions) -> WordValue {
    let mut out = WordValue { raw: raw.to_owned(), is_static: true, ..WordValue::default() };
    if let Some(hazard) = word_hazard(raw, WordText::Word) {
        out.is_static = false;
        out.error = Some(format!("cannot read the word `{raw}`: {hazard}"));
        return out;
    }
    match word::parse(raw, options) {
        Ok(pieces) => read_pieces(&pieces, false, options, &mut out),
        Err(err) => {
            out.is_static = false;
            out.error = Some(format!("cannot read the word `{raw}`: {err}"));
        }
    }
    // Bash finds braces across quoted parts (`{.git/config"",}` expands), while the pieces above are read one by
    // one: look at the whole word with its quoted text blanked out.
    if out.is_static && has_brace_expansion(&unquoted_skeleton(raw)) {
        out.is_static = false;
    }
    out
}

/// Reads the body of a here-document whose delimiter is unquoted: only its substitutions matter.
pub fn heredoc_substitutions(body: &str, options: &ParserOptions) -> Result<Vec<Substitution>, String> {
    if let Some(hazard) = word_hazard(body, WordText::HereDocumentBody) {
        return Err(format!("cannot read a here-document: {hazard}"));
    }
    let pieces = word::parse_heredoc(body, options).map_err(|err| format!("cannot read a here-document: {err}"))?;
    let mut out = WordValue::default();
    read_pieces(&pieces, true, options, &mut out);
    match out.error {
        Some(error) => Err(error),
        None => Ok(out.substitutions),
    }
}

fn read_pieces(pieces: &[WordPieceWithSource], quoted: bool, options: &ParserOptions, out: &mut WordValue) {
    for piece in pieces {
        match &piece.piece {
            WordPiece::Text(text) => {
                if !quoted && (has_brace_expansion(text) || text.contains("<(") || text.contains(">(")) {
                    out.is_static = false;
                }
                out.globs |= !quoted && text.contains(['*', '?', '[']);
                out.value.push_str(text);
            }
            WordPiece::SingleQuotedText(text) => out.value.push_str(text),
            WordPiece::AnsiCQuotedText(text) => match decode_ansi_c(text) {
                Some(decoded) => out.value.push_str(&decoded),
                None => {
                    out.is_static = false;
                    out.value.push_str(text);
                }
            },
            WordPiece::DoubleQuotedSequence(inner) | WordPiece::GettextDoubleQuotedSequence(inner) => {
                read_pieces(inner, true, options, out);
            }
            WordPiece::TildeExpansion(tilde) => out.value.push_str(&tilde_text(tilde)),
            WordPiece::EscapeSequence(sequence) => {
                let escaped = sequence.strip_prefix('\\').unwrap_or(sequence);
                if escaped == "\n" {
                    continue;
                }
                if quoted && !matches!(escaped, "$" | "`" | "\"" | "\\") {
                    out.value.push('\\');
                }
                out.value.push_str(escaped);
            }
            WordPiece::ParameterExpansion(expr) => {
                out.is_static = false;
                if matches!(expr, ParameterExpr::Transform { op: word::ParameterTransformOp::PromptExpand, .. })
                    && out.error.is_none()
                {
                    out.error = Some(
                        "`${…@P}` expands a value as a prompt, which runs any command substitution in it".to_owned(),
                    );
                }
                if let Some((parameter, indirect)) = parameter_of(expr)
                    && let Some(name) = parameter_name(parameter)
                {
                    if indirect {
                        out.evaluated_names.push(name.to_owned());
                    }
                    // A length is a number, whatever the value holds.
                    if !matches!(expr, ParameterExpr::ParameterLength { .. }) {
                        out.references.push(name.to_owned());
                    }
                }
                let (words, arithmetic) = parameter_words(expr);
                for nested in words.into_iter().map(|inner| evaluate(inner, options)) {
                    out.references.extend(nested.references.iter().cloned());
                    if let ParameterExpr::AssignDefaultValues { parameter, .. } = expr
                        && let Some(name) = parameter_name(parameter)
                    {
                        out.defaults.push((name.to_owned(), nested.clone()));
                    }
                    out.absorb(nested);
                }
                for nested in arithmetic.into_iter().map(|inner| evaluate_arithmetic(inner, options)) {
                    out.absorb(nested);
                }
            }
            WordPiece::CommandSubstitution(text) => {
                out.is_static = false;
                out.substitutions.push(Substitution { text: text.clone(), via: "$()" });
            }
            WordPiece::BackquotedCommandSubstitution(text) => {
                out.is_static = false;
                out.substitutions.push(Substitution { text: unescape_backquoted(text), via: "`…`" });
            }
            WordPiece::ArithmeticExpression(expr) => {
                out.is_static = false;
                out.absorb(evaluate_arithmetic(&expr.value, options));
            }
        }
    }
}

/// The parts of a parameter expansion that can themselves hold substitutions: (words, arithmetic text such as a
/// subscript or a substring offset).
fn parameter_words(expr: &ParameterExpr) -> (Vec<&str>, Vec<&str>) {
    let mut words = Vec::new();
    let mut arithmetic = Vec::new();
    match expr {
        ParameterExpr::UseDefaultValues { default_value: value, .. }
        | ParameterExpr::AssignDefaultValues { default_value: value, .. }
        | ParameterExpr::IndicateErrorIfNullOrUnset { error_message: value, .. }
        | ParameterExpr::UseAlternativeValue { alternative_value: value, .. }
        | ParameterExpr::RemoveSmallestSuffixPattern { pattern: value, .. }
        | ParameterExpr::RemoveLargestSuffixPattern { pattern: value, .. }
        | ParameterExpr::RemoveSmallestPrefixPattern { pattern: value, .. }
        | ParameterExpr::RemoveLargestPrefixPattern { pattern: value, .. }
        | ParameterExpr::UppercaseFirstChar { pattern: value, .. }
        | ParameterExpr::UppercasePattern { pattern: value, .. }
        | ParameterExpr::LowercaseFirstChar { pattern: value, .. }
        | ParameterExpr::LowercasePattern { pattern: value, .. } => words.extend(value.as_deref()),
        ParameterExpr::ReplaceSubstring { pattern, replacement, .. } => {
            words.push(pattern.as_str());
            words.extend(replacement.as_deref());
        }
        ParameterExpr::Substring { offset, length, .. } => {
            arithmetic.push(offset.value.as_str());
            arithmetic.extend(length.as_ref().map(|length| length.value.as_str()));
        }
        ParameterExpr::Parameter { .. }
        | ParameterExpr::ParameterLength { .. }
        | ParameterExpr::Transform { .. }
        | ParameterExpr::VariableNames { .. }
        | ParameterExpr::MemberKeys { .. } => {}
    }
    if let Some((word::Parameter::NamedWithIndex { index, .. }, _)) = parameter_of(expr) {
        arithmetic.push(index.as_str());
    }
    (words, arithmetic)
}

/// How many times quoted arithmetic text is read again before it counts as unreadable.
const MAX_ARITHMETIC_READS: usize = 8;

/// Reads arithmetic text: `$(( … ))`, `(( … ))`, an array subscript, or a string bash evaluates as one. Bash
/// expands the text once and then evaluates the result, and that evaluation expands every subscript in it again,
/// so a substitution that quoting kept as text still runs (`$(( 'a[$(id)]' ))` runs `id`). The text left after
/// quote removal is therefore read again while it still holds a substitution.
pub fn evaluate_arithmetic(raw: &str, options: &ParserOptions) -> WordValue {
    let mut out = evaluate(raw, options);
    out.evaluated_names.extend(arithmetic_names(raw));
    let mut text = out.value.clone();
    let mut previous = raw.to_owned();
    let mut reads = 0;
    while holds_substitution(&text) && text != previous {
        if reads == MAX_ARITHMETIC_READS {
            if out.error.is_none() {
                out.error = Some(format!("the arithmetic text `{raw}` is quoted too many times to be read"));
            }
            break;
        }
        reads += 1;
        let again = evaluate(&text, options);
        out.evaluated_names.extend(arithmetic_names(&text));
        out.substitutions.extend(again.substitutions);
        if out.error.is_none() {
            out.error = again.error;
        }
        previous = std::mem::replace(&mut text, again.value);
    }
    // Whatever a substitution in arithmetic prints becomes part of the expression.
    let outputs = out.substitutions.iter().filter(|substitution| matches!(substitution.via, "$()" | "`…`"));
    out.evaluated_outputs.extend(outputs.map(|substitution| substitution.text.clone()));
    out
}

/// Whether text, read as shell code, would hold a command substitution.
pub fn holds_substitution(text: &str) -> bool {
    text.contains("$(") || text.contains('`')
}

/// The parameter an expansion reads, and whether it reads it indirectly (`${!x}`).
fn parameter_of(expr: &ParameterExpr) -> Option<(&word::Parameter, bool)> {
    match expr {
        ParameterExpr::Parameter { parameter, indirect, .. }
        | ParameterExpr::UseDefaultValues { parameter, indirect, .. }
        | ParameterExpr::AssignDefaultValues { parameter, indirect, .. }
        | ParameterExpr::IndicateErrorIfNullOrUnset { parameter, indirect, .. }
        | ParameterExpr::UseAlternativeValue { parameter, indirect, .. }
        | ParameterExpr::ParameterLength { parameter, indirect, .. }
        | ParameterExpr::RemoveSmallestSuffixPattern { parameter, indirect, .. }
        | ParameterExpr::RemoveLargestSuffixPattern { parameter, indirect, .. }
        | ParameterExpr::RemoveSmallestPrefixPattern { parameter, indirect, .. }
        | ParameterExpr::RemoveLargestPrefixPattern { parameter, indirect, .. }
        | ParameterExpr::Substring { parameter, indirect, .. }
        | ParameterExpr::Transform { parameter, indirect, .. }
        | ParameterExpr::UppercaseFirstChar { parameter, indirect, .. }
        | ParameterExpr::UppercasePattern { parameter, indirect, .. }
        | ParameterExpr::LowercaseFirstChar { parameter, indirect, .. }
        | ParameterExpr::LowercasePattern { parameter, indirect, .. }
        | ParameterExpr::ReplaceSubstring { parameter, indirect, .. } => Some((parameter, *indirect)),
        ParameterExpr::VariableNames { .. } | ParameterExpr::MemberKeys { .. } => None,
    }
}

/// The variable a parameter reads; the positional parameters, `$0` and `$_` (which all come from the words of
/// commands) are read as the one name `@`.
fn parameter_name(parameter: &word::Parameter) -> Option<&str> {
    match parameter {
        word::Parameter::Named(name) if name == "_" => Some("@"),
        word::Parameter::Named(name)
        | word::Parameter::NamedWithIndex { name, .. }
        | word::Parameter::NamedWithAllIndices { name, .. } => Some(name),
        word::Parameter::Positional(_)
        | word::Parameter::Special(
            word::SpecialParameter::AllPositionalParameters { .. } | word::SpecialParameter::ShellName,
        ) => Some("@"),
        word::Parameter::Special(_) => None,
    }
}

fn tilde_text(tilde: &TildeExpr) -> String {
    match tilde {
        TildeExpr::Home => "~".to_owned(),
        TildeExpr::UserHome(user) => format!("~{user}"),
        TildeExpr::WorkingDir => "~+".to_owned(),
        TildeExpr::OldWorkingDir => "~-".to_owned(),
        TildeExpr::NthDirFromTopOfDirStack { n, plus_used } => {
            if *plus_used {
                format!("~+{n}")
            } else {
                format!("~{n}")
            }
        }
        TildeExpr::NthDirFromBottomOfDirStack { n } => format!("~-{n}"),
    }
}

/// The word with every quoted or escaped character replaced by `q`, so that only what bash reads unquoted keeps its
/// meaning.
fn unquoted_skeleton(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('q');
                if chars.next().is_some() {
                    out.push('q');
                }
            }
            '\'' => {
                out.push('q');
                for inner in chars.by_ref() {
                    out.push('q');
                    if inner == '\'' {
                        break;
                    }
                }
            }
            '"' => {
                out.push('q');
                blank_escaped_quotes(&mut chars, &mut out, '"');
            }
            '$' if chars.peek() == Some(&'\'') => {
                out.push('q');
                chars.next();
                out.push('q');
                blank_escaped_quotes(&mut chars, &mut out, '\'');
            }
            other => out.push(other),
        }
    }
    out
}

/// Blanks the rest of a quoted part in which a backslash escapes the next character (`"…"`, `$'…'`), up to and
/// including its closing quote.
fn blank_escaped_quotes(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String, closing: char) {
    while let Some(inner) = chars.next() {
        out.push('q');
        if inner == '\\' {
            if chars.next().is_some() {
                out.push('q');
            }
        } else if inner == closing {
            break;
        }
    }
}

/// Whether unquoted text would undergo brace expansion (`{a,b}`, `{1..3}`).
fn has_brace_expansion(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(close) = after.find('}') {
            let inside = &after[..close];
            if inside.contains(',') || inside.contains("..") {
                return true;
            }
        }
        rest = after;
    }
    false
}

/// Most words one brace expansion may produce before the word is left unexpanded (and so not static).
const MAX_BRACE_WORDS: usize = 256;

/// The words bash makes of a word whose only expansion is brace expansion (`src/{a,b}.rs`, `x{,.bak}`,
/// `f{1..3}`), in bash's order. None when the word holds anything else bash would expand or remove (quotes,
/// escapes, parameters, substitutions), or when it would make more than [`MAX_BRACE_WORDS`] words.
pub fn expand_braces(word: &WordValue) -> Option<Vec<String>> {
    let raw = word.raw.as_str();
    if word.is_static
        || word.error.is_some()
        || !word.substitutions.is_empty()
        || raw.contains(['$', '`', '"', '\'', '\\'])
        || raw.contains("<(")
        || raw.contains(">(")
    {
        return None;
    }
    let mut out = Vec::new();
    expand_into(raw, &mut out).then_some(out).filter(|words| words.len() > 1 || words.first().is_some_and(|w| w != raw))
}

/// Appends the expansions of `text` to `out`; false when there would be too many.
fn expand_into(text: &str, out: &mut Vec<String>) -> bool {
    let Some((start, end, items)) = first_brace_group(text) else {
        if out.len() >= MAX_BRACE_WORDS {
            return false;
        }
        out.push(text.to_owned());
        return true;
    };
    let (before, after) = (&text[..start], &text[end + 1..]);
    items.iter().all(|item| expand_into(&format!("{before}{item}{after}"), out))
}

/// The first `{…}` that bash expands: its byte range and its items. A group needs a comma at its own level
/// (`{a,b}`) or a sequence (`{1..5}`, `{a..e}`, `{01..10..3}`); other braces are plain text.
fn first_brace_group(text: &str) -> Option<(usize, usize, Vec<String>)> {
    let bytes = text.as_bytes();
    for start in (0..bytes.len()).filter(|&at| bytes[at] == b'{') {
        let mut depth = 0;
        let mut commas = Vec::new();
        for (at, &byte) in bytes.iter().enumerate().skip(start) {
            match byte {
                b'{' => depth += 1,
                b',' if depth == 1 => commas.push(at),
                b'}' => {
                    depth -= 1;
                    if depth > 0 {
                        continue;
                    }
                    let inner = &text[start + 1..at];
                    if !commas.is_empty() {
                        let mut items = Vec::new();
                        let mut from = start + 1;
                        for &comma in &commas {
                            items.push(text[from..comma].to_owned());
                            from = comma + 1;
                        }
                        items.push(text[from..at].to_owned());
                        return Some((start, at, items));
                    }
                    if let Some(items) = sequence(inner) {
                        return Some((start, at, items));
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    None
}

/// The items of a sequence expression `x..y[..step]`: integers (zero-padded when either end is) or single letters.
fn sequence(inner: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = inner.split("..").collect();
    let (first, last, step) = match parts.as_slice() {
        [first, last] => (*first, *last, 1),
        [first, last, step] => (*first, *last, step.parse::<i64>().ok()?.checked_abs()?.max(1)),
        _ => return None,
    };
    let items: Vec<String> = if let (Ok(from), Ok(to)) = (first.parse::<i64>(), last.parse::<i64>()) {
        let padded = |end: &str| end.trim_start_matches('-').len() > 1 && end.trim_start_matches('-').starts_with('0');
        let width = if padded(first) || padded(last) { first.len().max(last.len()) } else { 0 };
        let count = from.abs_diff(to) / step.unsigned_abs() + 1;
        if count > MAX_BRACE_WORDS as u64 {
            return None;
        }
        let direction = if to >= from { step } else { -step };
        (0..count)
            .map(|index| {
                let value = from + direction * index as i64;
                if value < 0 {
                    format!("-{:0>width$}", value.unsigned_abs(), width = width.saturating_sub(1))
                } else {
                    format!("{value:0>width$}")
                }
            })
            .collect()
    } else {
        let (&[from], &[to]) = (first.as_bytes(), last.as_bytes()) else { return None };
        // Bash walks the character codes between the two; across cases that passes `[`, `\\`, `]`, `^`, `_`, `` ` ``.
        let same_case = (from.is_ascii_lowercase() && to.is_ascii_lowercase())
            || (from.is_ascii_uppercase() && to.is_ascii_uppercase());
        if !same_case {
            return None;
        }
        let (low, high) = (from.min(to), from.max(to));
        let mut letters: Vec<String> =
            (low..=high).step_by(step as usize).map(|letter| char::from(letter).to_string()).collect();
        if from > to {
            letters.reverse();
        }
        letters
    };
    Some(items)
}

/// Inside backquotes a backslash escapes only `$`, `` ` `` and `\`.
fn unescape_backquoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && matches!(next, '$' | '`' | '\\')
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Decodes the body of `$'…'`; `None` when an escape is not understood (the caller then treats it as not static).
pub fn decode_ansi_c(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        index += 1;
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escape = *chars.get(index)?;
        index += 1;
        let simple = match escape {
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'e' | 'E' => Some('\x1b'),
            'f' => Some('\x0c'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0b'),
            '\\' | '\'' | '"' | '?' => Some(escape),
            _ => None,
        };
        if let Some(decoded) = simple {
            out.push(decoded);
            continue;
        }
        let (radix, max_digits) = match escape {
            'x' => (16, 2),
            'u' => (16, 4),
            'U' => (16, 8),
            '0'..='7' => {
                index -= 1;
                (8, 3)
            }
            'c' => {
                let control = *chars.get(index)?;
                index += 1;
                out.push(char::from_u32(u32::from(control) & 0x1f)?);
                continue;
            }
            _ => return None,
        };
        let digits: String = chars[index..].iter().take(max_digits).take_while(|digit| digit.is_digit(radix)).collect();
        if digits.is_empty() {
            return None;
        }
        index += digits.chars().count();
        out.push(char::from_u32(u32::from_str_radix(&digits, radix).ok()?)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> WordValue {
        evaluate(raw, &ParserOptions::default())
    }

    #[test]
    fn brace_expansion_makes_static_words_in_bash_order() {
        let expand = |raw: &str| expand_braces(&read(raw));
        assert_eq!(expand("src/{a,b}.rs").unwrap(), ["src/a.rs", "src/b.rs"]);
        assert_eq!(expand("x{,.bak}").unwrap(), ["x", "x.bak"]);
        assert_eq!(expand("{a,b{c,d}}e").unwrap(), ["ae", "bce", "bde"]);
        assert_eq!(expand("{a}{b,c}").unwrap(), ["{a}b", "{a}c"]);
        assert_eq!(expand("f{1..3}").unwrap(), ["f1", "f2", "f3"]);
        assert_eq!(expand("{08..10}").unwrap(), ["08", "09", "10"]);
        assert_eq!(expand("{5..1..2}").unwrap(), ["5", "3", "1"]);
        assert_eq!(expand("{c..a}").unwrap(), ["c", "b", "a"]);
        assert_eq!(expand("{x,y}/{1..2}").unwrap(), ["x/1", "x/2", "y/1", "y/2"]);
        // Anything else bash expands keeps the word unexpanded, and so not static.
        for raw in
            ["{$x,b}", "'{a,b}'", "{a,$(id)}", "{1..100000}", "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}", "{Z..a}"]
        {
            assert_eq!(expand(raw), None, "{raw}");
        }
        // Quotes inside a brace group do not stop bash from expanding it: such a word is not static.
        for raw in ["{.git/config\"\",}", "{/etc/shadow,''}", "x{a,\\b}"] {
            assert!(!read(raw).is_static, "{raw}");
        }
        for raw in ["'{a,b}'", "\"{a,b}\"", "\\{a,b\\}", "$'{a,b}'"] {
            assert!(read(raw).is_static, "{raw}");
        }
    }

    #[test]
    fn quotes_and_escapes_are_removed() {
        for raw in ["'sudo'", "\\sudo", "s\\udo", "su\"\"do", "\"sudo\"", "$'\\x73udo'", "$'\\163udo'"] {
            let word = read(raw);
            assert!(word.is_static, "{raw}");
            assert_eq!(word.value, "sudo", "{raw}");
        }
    }

    #[test]
    fn expansions_are_not_static() {
        for raw in ["$X", "${X}", "$(echo a)", "`id`", "$((1+2))", "{a,b}", "x{1..3}", "\"$HOME/x\""] {
            assert!(!read(raw).is_static, "{raw}");
        }
        for raw in ["*.py", "~/x", "a{b}", "'{a,b}'", "\"$\""] {
            assert!(read(raw).is_static, "{raw}");
        }
    }

    #[test]
    fn substitutions_are_found_everywhere() {
        let cases = [
            ("\"a $(id) b\"", "id"),
            ("${X:-$(id)}", "id"),
            ("${X/$(id)/y}", "id"),
            ("$(( $(id) + 1 ))", "id"),
            ("`echo \\`id\\``", "echo `id`"),
        ];
        for (raw, inner) in cases {
            let word = read(raw);
            assert_eq!(word.substitutions.first().map(|s| s.text.trim()), Some(inner), "{raw}");
        }
    }

    #[test]
    fn double_quoted_backslash_keeps_ordinary_characters() {
        assert_eq!(read("\"a\\d\\$\"").value, "a\\d$");
    }
}
