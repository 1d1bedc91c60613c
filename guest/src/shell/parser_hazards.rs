//! A scan of the raw text that reads it the way brush-parser's tokenizer does, to find the inputs that
//! tokenizer and parser mishandle before they are handed over.
//!
//! Two classes are known. The tokenizer keeps here-document state across the substitutions it reads
//! recursively: when a substitution starts or ends between a `<<` operator and the line where its body
//! begins, tokens move into or out of the substitution (`cat <<EOF $(rm x)` reads `rm x` as arguments of `cat`),
//! the tokenizer can panic, and an empty delimiter makes it loop forever at the end of the input. The parser tries
//! every `(` both as the start of an arithmetic command and of a subshell: each `(` still open at a `;` or at the
//! end doubles its work.
//!
//! Owns only this reading. It must follow the tokenizer's rules, not bash's, and must refuse whenever that
//! reading reaches one of those states; it does not decide what a line runs.

use super::ProblemKind;

/// Most parser steps, estimated as `2^open parentheses × bytes`, that one text may cost (about 30 ms). Everyday
/// commands stay far below it: three parentheses open at a `;` in a 64 KiB script use half of it.
const PARSER_STEP_BUDGET: u64 = 1 << 20;

/// Why brush-parser must not be given `text`, if it must not.
pub fn parser_hazard(text: &str) -> Option<(ProblemKind, String)> {
    let mut scan = Scan::new(text);
    match scan.run() {
        Err(Stop::Hazard(message)) => return Some((ProblemKind::ParseError, message)),
        // The tokenizer reports an error here, so the parser never runs.
        Err(Stop::TokenizerFails) => return None,
        Ok(()) => {}
    }
    let open = scan.most_open_parentheses;
    let steps = u32::try_from(open).ok().and_then(|open| 1_u64.checked_shl(open)).unwrap_or(u64::MAX);
    if steps.saturating_mul(text.len() as u64) > PARSER_STEP_BUDGET {
        let message = format!(
            "{open} parentheses are open at once before a `;` or the end, more than the parser can check in bounded time"
        );
        return Some((ProblemKind::TooDeep, message));
    }
    None
}

enum Stop {
    Hazard(String),
    TokenizerFails,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Single,
    Double,
    AnsiC,
}

/// A level of the tokenizer's recursion: the line itself or a construct read up to its closing character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Construct {
    Line,
    /// `$(` (and `$((`, with two open parentheses), closed by `)` once every `(` token inside is closed.
    Substitution {
        arithmetic: bool,
    },
    /// `$[`, closed by the first `]`.
    LegacyArithmetic,
    /// `${`, closed by the first `}`.
    Parameter,
}

impl Construct {
    fn terminator(self) -> Option<char> {
        match self {
            Construct::Line => None,
            Construct::Substitution { .. } => Some(')'),
            Construct::LegacyArithmetic => Some(']'),
            Construct::Parameter => Some('}'),
        }
    }

    /// Substitutions keep their blanks in the token text; the line and `${` skip them.
    fn keeps_blanks(self) -> bool {
        matches!(self, Construct::Substitution { .. } | Construct::LegacyArithmetic)
    }
}

struct Frame {
    construct: Construct,
    /// `(` tokens not yet closed; the construct ends at the terminator that brings this to zero.
    open: u32,
    token: String,
    operator: bool,
    escaped: bool,
    quote: Quote,
}

impl Frame {
    fn new(construct: Construct, open: u32) -> Self {
        Frame { construct, open, token: String::new(), operator: false, escaped: false, quote: Quote::None }
    }

    fn unquoted(&self) -> bool {
        !self.escaped && self.quote == Quote::None
    }
}

/// Where the tokenizer stands with here-documents.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Here {
    None,
    /// A `<<` or `<<-` operator is being completed; the next token is its delimiter.
    Operator {
        remove_tabs: bool,
    },
    Delimiter {
        remove_tabs: bool,
    },
    /// The delimiter is read; the bodies start after the next newline token.
    RestOfLine,
    Bodies,
}

impl Here {
    /// Between an operator and the start of its body, the tokenizer moves tokens aside to replay them later.
    fn holds_tokens(self) -> bool {
        matches!(self, Here::Operator { .. } | Here::Delimiter { .. } | Here::RestOfLine)
    }
}

struct PendingBody {
    /// The line that ends the body, with its newline, as the tokenizer compares it.
    end_line: String,
    remove_tabs: bool,
}

struct Scan {
    chars: Vec<char>,
    position: usize,
    frames: Vec<Frame>,
    here: Here,
    pending: Vec<PendingBody>,
    /// The tokenizer's single arithmetic switch, under which `<<` is a shift.
    arithmetic: bool,
    open_parentheses: usize,
    most_open_parentheses: usize,
    /// Where the current word of the line started, to see it whole with its substitutions.
    word_start: usize,
}

const OPERATORS: &[&str] = &[
    "&", "&&", "(", ")", ";", ";;", "\n", "|", "||", "<", ">", ">|", "<<", ">>", "<&", ">&", "<<-", "<>", "<<<", "&>",
    "&>>", ";;&", ";&", "|&",
];

fn starts_operator(c: char) -> bool {
    matches!(c, '&' | '(' | ')' | ';' | '\n' | '|' | '<' | '>')
}

fn is_quoting(c: char) -> bool {
    matches!(c, '\\' | '\'' | '"')
}

/// The tokenizer's removal of quoting from a here-document delimiter.
fn unquote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if !is_quoting(c) {
            out.push(c);
        }
    }
    out
}

impl Scan {
    fn new(text: &str) -> Self {
        Scan {
            chars: text.chars().collect(),
            position: 0,
            frames: vec![Frame::new(Construct::Line, 0)],
            here: Here::None,
            pending: Vec::new(),
            arithmetic: false,
            open_parentheses: 0,
            most_open_parentheses: 0,
            word_start: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    fn advance(&mut self) {
        self.position += 1;
    }

    fn frame(&mut self) -> &mut Frame {
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn run(&mut self) -> Result<(), Stop> {
        loop {
            if self.frames.len() == 1 && self.frames[0].token.is_empty() {
                self.word_start = self.position;
            }
            let Some(c) = self.peek() else {
                if self.end_of_input()? {
                    return Ok(());
                }
                continue;
            };
            if self.here == Here::Bodies {
                self.body_char(c);
                continue;
            }
            let holds_tokens = self.here.holds_tokens();
            let frame = self.frame();
            let unquoted = frame.unquoted();
            if unquoted && frame.construct.terminator() == Some(c) {
                // Even a token it merely completes is held with the terminator as its end, and replayed later
                // as if the construct ended there.
                if holds_tokens {
                    return Err(here_document_crossing());
                }
                if frame.token.is_empty() {
                    self.close_construct()?;
                } else {
                    self.delimit()?;
                }
            } else if frame.operator {
                let mut longer = frame.token.clone();
                longer.push(c);
                if OPERATORS.contains(&longer.as_str()) {
                    frame.token.push(c);
                    self.advance();
                } else {
                    self.end_operator(c)?;
                }
            } else if !frame.escaped && starts_quoting(frame.quote, c) {
                self.advance();
                match c {
                    '\\' if self.peek() == Some('\n') => self.advance(),
                    '\\' => {
                        let frame = self.frame();
                        frame.escaped = true;
                        frame.token.push(c);
                    }
                    _ => {
                        let frame = self.frame();
                        frame.quote = match c {
                            '"' => Quote::Double,
                            _ if frame.token.ends_with('$') => Quote::AnsiC,
                            _ => Quote::Single,
                        };
                        frame.token.push(c);
                    }
                }
            } else if !frame.escaped
                && ((matches!(frame.quote, Quote::Single | Quote::AnsiC) && c == '\'')
                    || (frame.quote == Quote::Double && c == '"'))
            {
                frame.quote = Quote::None;
                frame.token.push(c);
                self.advance();
            } else if frame.escaped {
                frame.escaped = false;
                frame.token.push(c);
                self.advance();
            } else if matches!(frame.quote, Quote::None | Quote::Double) && c == '$' {
                self.dollar()?;
            } else if matches!(frame.quote, Quote::None | Quote::Double) && c == '`' {
                self.backquotes()?;
            } else if unquoted && starts_operator(c) {
                if frame.token.is_empty() {
                    frame.operator = true;
                    frame.token.push(c);
                    self.advance();
                } else {
                    self.delimit()?;
                }
            } else if unquoted && matches!(c, ' ' | '\t') {
                if !frame.token.is_empty() {
                    self.delimit()?;
                } else if frame.construct.keeps_blanks() {
                    frame.token.push(c);
                }
                self.advance();
            } else if !frame.token.is_empty() || frame.construct == Construct::Parameter || c != '#' {
                frame.token.push(c);
                self.advance();
            } else {
                while self.peek().is_some_and(|next| next != '\n') {
                    self.advance();
                }
            }
        }
    }

    /// At the end of the input: true when the scan is complete, false when a here-document just ended there.
    fn end_of_input(&mut self) -> Result<bool, Stop> {
        let frame = self.frame();
        if !frame.unquoted() {
            return Err(Stop::TokenizerFails);
        }
        if self.here != Here::None {
            if self.here == Here::Bodies && self.body_ends(false) {
                return Ok(false);
            }
            return Err(Stop::TokenizerFails);
        }
        self.delimit()?;
        if self.frames.len() > 1 {
            return Err(Stop::TokenizerFails);
        }
        self.most_open_parentheses = self.most_open_parentheses.max(self.open_parentheses);
        Ok(true)
    }

    fn body_char(&mut self, c: char) {
        self.advance();
        let remove_tabs = self.pending.first().is_some_and(|body| body.remove_tabs);
        let frame = self.frame();
        if remove_tabs && c == '\t' && (frame.token.is_empty() || frame.token.ends_with('\n')) {
            return;
        }
        frame.token.push(c);
        if c == '\n' {
            self.body_ends(true);
        }
    }

    /// Ends the first pending body if the text read so far ends with its closing line.
    fn body_ends(&mut self, with_newline: bool) -> bool {
        let Some(body) = self.pending.first() else {
            return false;
        };
        let end_line = if with_newline {
            body.end_line.as_str()
        } else {
            body.end_line.strip_suffix('\n').unwrap_or(&body.end_line)
        };
        let last = self.frames.len() - 1;
        let token = &self.frames[last].token;
        let ends = token.strip_suffix(end_line).is_some_and(|before| before.is_empty() || before.ends_with('\n'));
        if ends {
            self.pending.remove(0);
            self.frames[last].token.clear();
            self.here = if self.pending.is_empty() { Here::None } else { Here::Bodies };
        }
        ends
    }

    /// An operator token is complete because `next` cannot extend it.
    fn end_operator(&mut self, next: char) -> Result<(), Stop> {
        let operator = self.frame().token.clone();
        if self.arithmetic {
            if operator == ")" && next == ')' {
                self.arithmetic = false;
            }
        } else if operator == "<<" || operator == "<<-" {
            self.here = Here::Operator { remove_tabs: operator == "<<-" };
        } else if operator == "(" && next == '(' {
            self.arithmetic = true;
        }
        self.delimit()
    }

    /// The current token is complete.
    fn delimit(&mut self) -> Result<(), Stop> {
        let frame = self.frame();
        if frame.token.is_empty() {
            return Ok(());
        }
        let token = std::mem::take(&mut frame.token);
        let operator = std::mem::take(&mut frame.operator);
        frame.escaped = false;
        frame.quote = Quote::None;
        match self.here {
            Here::Operator { remove_tabs } => self.here = Here::Delimiter { remove_tabs },
            Here::Delimiter { remove_tabs } => {
                if token == "\n" {
                    return Err(Stop::TokenizerFails);
                }
                if operator {
                    return Err(Stop::Hazard(format!("a here-document has the operator `{token}` as its delimiter")));
                }
                let end_line = format!("{}\n", token.trim_ascii_start());
                let end_line = if end_line.contains(is_quoting) { unquote(&end_line) } else { end_line };
                if end_line == "\n" {
                    return Err(Stop::Hazard(format!("the here-document delimiter `{token}` is empty")));
                }
                self.pending.push(PendingBody { end_line, remove_tabs });
                self.here = Here::RestOfLine;
            }
            Here::RestOfLine if operator && token == "\n" => self.here = Here::Bodies,
            Here::RestOfLine | Here::Bodies | Here::None => {}
        }
        if operator {
            self.count_operator(&token);
        } else if self.frames.len() == 1 {
            let word = self.chars.get(self.word_start..self.position).unwrap_or_default();
            let unclosed = unclosed_brackets(word);
            let steps = u32::try_from(unclosed.saturating_mul(2))
                .ok()
                .and_then(|bits| 1_u64.checked_shl(bits))
                .unwrap_or(u64::MAX);
            if steps.saturating_mul(word.len() as u64) > PARSER_STEP_BUDGET {
                return Err(Stop::Hazard(format!(
                    "a word leaves {unclosed} `[` unclosed, more than the parser can check in bounded time"
                )));
            }
        }
        Ok(())
    }

    fn count_operator(&mut self, operator: &str) {
        let last = self.frames.len() - 1;
        let frame = &mut self.frames[last];
        match (frame.construct, operator) {
            (Construct::Line, "(") => self.open_parentheses += 1,
            (Construct::Line, ")") => self.open_parentheses = self.open_parentheses.saturating_sub(1),
            (Construct::Line, ";") => {
                self.most_open_parentheses = self.most_open_parentheses.max(self.open_parentheses)
            }
            (Construct::Substitution { .. }, "(") => frame.open += 1,
            _ => {}
        }
    }

    /// `$(`, `$((`, `$[` and `${` start a construct read recursively; any other `$` is a plain character.
    fn dollar(&mut self) -> Result<(), Stop> {
        self.advance();
        let construct = match self.peek() {
            Some('(') => {
                self.advance();
                if self.peek() == Some('(') {
                    self.advance();
                    Construct::Substitution { arithmetic: true }
                } else {
                    Construct::Substitution { arithmetic: false }
                }
            }
            Some('[') => {
                self.advance();
                Construct::LegacyArithmetic
            }
            Some('{') => {
                self.advance();
                if self.peek().is_some_and(|next| next.is_whitespace() || next == '|') {
                    return Err(Stop::Hazard(COMMAND_IN_BRACES.to_owned()));
                }
                Construct::Parameter
            }
            _ => {
                self.frame().token.push('$');
                return Ok(());
            }
        };
        if self.here.holds_tokens() {
            return Err(here_document_crossing());
        }
        self.frame().token.push_str("$(");
        let open = match construct {
            Construct::Substitution { arithmetic: true } => 2,
            _ => 1,
        };
        if matches!(construct, Construct::Substitution { arithmetic: true } | Construct::LegacyArithmetic) {
            self.arithmetic = true;
        }
        self.frames.push(Frame::new(construct, open));
        Ok(())
    }

    /// The terminator of the innermost construct, with no token pending.
    fn close_construct(&mut self) -> Result<(), Stop> {
        self.advance();
        let frame = self.frame();
        frame.open = frame.open.saturating_sub(1);
        if frame.open > 0 {
            return Ok(());
        }
        let construct = frame.construct;
        if self.frames.len() > 1 {
            self.frames.pop();
        }
        if matches!(construct, Construct::Substitution { arithmetic: true } | Construct::LegacyArithmetic) {
            self.arithmetic = false;
        }
        Ok(())
    }

    /// Backquotes are read raw up to the next unescaped backquote.
    fn backquotes(&mut self) -> Result<(), Stop> {
        self.advance();
        self.frame().token.push('`');
        let mut escaping = false;
        loop {
            let Some(c) = self.peek() else {
                return Err(Stop::TokenizerFails);
            };
            self.advance();
            self.frame().token.push(c);
            if !escaping && c == '\\' {
                escaping = true;
            } else {
                if !escaping && c == '`' {
                    return Ok(());
                }
                escaping = false;
            }
        }
    }
}

fn here_document_crossing() -> Stop {
    Stop::Hazard(
        "a substitution starts or ends between a here-document operator and the line its body starts on".to_owned(),
    )
}

/// The `[` of a word that no later `]` closes. The parser tries every word as an assignment to an array element
/// (`name[index]=value`), and each `name[` it cannot close makes it read the rest of the word again (measured:
/// about ×2 each). A `]` in quotes or escaped does not close one there, so it is not counted.
fn unclosed_brackets(word: &[char]) -> usize {
    let mut open: usize = 0;
    let mut quote = Quote::None;
    let mut index = 0;
    while let Some(&c) = word.get(index) {
        index += 1;
        match (quote, c) {
            (Quote::Single, '\'') | (Quote::Double, '"') => quote = Quote::None,
            (Quote::None, '\'') => quote = Quote::Single,
            (Quote::None, '"') => quote = Quote::Double,
            (Quote::None | Quote::Double, '\\') => index += 1,
            (_, '[') => open += 1,
            (Quote::None, ']') => open = open.saturating_sub(1),
            _ => {}
        }
    }
    open
}

/// Whether `c` starts quoting or an escape in the given quoting state.
fn starts_quoting(quote: Quote, c: char) -> bool {
    match quote {
        Quote::None => is_quoting(c),
        Quote::Double | Quote::AnsiC => c == '\\',
        Quote::Single => false,
    }
}

/// Most steps brush-parser's word grammar may take on one word or here-document body, estimated as
/// `32^unclosed openers × bytes` (about 30 ms). Each `$(`, `${`, `$[`, `[`, inner `(` or quote the grammar
/// cannot close makes it retry the rest of the text several ways (measured: ×2 to ×6 each). Bash refuses such
/// text anyway, so one unclosed opener passes in 32 KiB and two in 1 KiB.
const WORD_STEP_BUDGET: u64 = 1 << 20;

/// Whether the text is a word (quotes group) or the body of a here-document (quotes are plain text outside
/// substitutions).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WordText {
    Word,
    HereDocumentBody,
}

/// Why brush-parser's word grammar must not be given `text`, if it must not.
pub fn word_hazard(text: &str, kind: WordText) -> Option<String> {
    if let Some(digits) = tilde_index_out_of_range(text) {
        return Some(format!("the directory stack entry `~{digits}` is out of range"));
    }
    if command_in_braces(text, kind) {
        return Some(COMMAND_IN_BRACES.to_owned());
    }
    let unclosed = unclosed_openers(text, kind);
    let steps =
        u32::try_from(unclosed.saturating_mul(5)).ok().and_then(|bits| 1_u64.checked_shl(bits)).unwrap_or(u64::MAX);
    (steps.saturating_mul(text.len() as u64) > WORD_STEP_BUDGET).then(|| {
        format!("{unclosed} substitutions or parentheses in it are never closed, too many to read in bounded time")
    })
}

/// A `~N`, `~+N` or `~-N` whose number does not fit in a `usize`: the grammar reads it with an `unwrap`. Checked
/// wherever a tilde is followed by digits, which may refuse a harmless word, never let one through.
const COMMAND_IN_BRACES: &str =
    "`${ …; }` and `${| …; }` run a command in newer shells (bash 5.3, ksh), and the parser reads them as text";

/// Whether `text` holds `${` followed by a blank or `|` outside single quotes: a substitution that runs a command in
/// bash 5.3 and ksh, and an error in older shells.
fn command_in_braces(text: &str, kind: WordText) -> bool {
    let mut chars = text.chars().peekable();
    let mut in_single_quotes = false;
    let mut in_double_quotes = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' if in_single_quotes => in_single_quotes = false,
            '\'' if kind == WordText::Word && !in_double_quotes => in_single_quotes = true,
            _ if in_single_quotes => {}
            '\\' => {
                chars.next();
            }
            '"' if kind == WordText::Word => in_double_quotes = !in_double_quotes,
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                if chars.peek().is_some_and(|next| next.is_whitespace() || *next == '|') {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn tilde_index_out_of_range(text: &str) -> Option<&str> {
    text.match_indices('~').find_map(|(at, _)| {
        let rest = text[at + 1..].strip_prefix(['+', '-']).unwrap_or(&text[at + 1..]);
        let length = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let digits = &rest[..length];
        (!digits.is_empty() && digits.parse::<usize>().is_err()).then_some(digits)
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Parenthesis,
    Brace,
    Bracket,
    DoubleQuotes,
}

/// Counts the openers that no closer matches. Every unescaped opener counts, even in quotes; a closer counts only
/// where the grammar surely takes it as one: not escaped, not in single quotes or backquotes, and inside double
/// quotes only for an opener of the same quotes. A `$((` also counts when no later `))` is left for it, since the
/// grammar first tries it as arithmetic up to a `))`. So this may count an opener the grammar closes, never the
/// reverse.
fn unclosed_openers(text: &str, kind: WordText) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut stack: Vec<Open> = Vec::new();
    let mut in_single_quotes = false;
    let mut ansi_c_quotes = false;
    let mut in_backquotes = false;
    let mut arithmetic_without_end: usize = 0;
    let mut index = 0;
    while let Some(&c) = chars.get(index) {
        index += 1;
        let in_substitution = stack.iter().any(|open| matches!(open, Open::Parenthesis | Open::Brace));
        let in_double_quotes = stack.last() == Some(&Open::DoubleQuotes);
        let quotes_group = kind == WordText::Word || in_substitution;
        let literal = in_single_quotes || in_backquotes;
        // Single quotes are read as one quoted piece, inside substitutions too: nothing in them opens anything.
        // (Not `$'…'`, where a backslash escapes the quote.)
        if in_single_quotes && !ansi_c_quotes && c != '\'' {
            continue;
        }
        match c {
            '\\' => index += 1,
            '\'' if in_single_quotes => in_single_quotes = false,
            '\'' if quotes_group && !in_double_quotes => {
                in_single_quotes = true;
                ansi_c_quotes = index >= 2 && chars[index - 2] == '$';
            }
            '`' => in_backquotes = !in_backquotes,
            '"' if in_double_quotes && !literal => {
                stack.pop();
            }
            '"' if quotes_group && !literal => stack.push(Open::DoubleQuotes),
            '$' => {
                let open = match chars.get(index) {
                    Some('(') => {
                        if chars.get(index + 1) == Some(&'(') {
                            arithmetic_without_end += 1;
                        }
                        Open::Parenthesis
                    }
                    Some('{') => Open::Brace,
                    Some('[') => Open::Bracket,
                    _ => continue,
                };
                index += 1;
                stack.push(open);
            }
            '(' if stack.iter().any(|open| *open != Open::DoubleQuotes) => stack.push(Open::Parenthesis),
            // Subscripts (`name[`) nest anywhere in arithmetic and parameters, and a glob `[` looks the same; in
            // double quotes it is a plain character.
            '[' if !in_double_quotes => stack.push(Open::Bracket),
            ')' | '}' | ']' if !literal => {
                if c == ')' && chars.get(index) == Some(&')') {
                    arithmetic_without_end = arithmetic_without_end.saturating_sub(1);
                }
                let closes = match c {
                    ')' => Open::Parenthesis,
                    '}' => Open::Brace,
                    _ => Open::Bracket,
                };
                if stack.last() == Some(&closes) {
                    stack.pop();
                }
            }
            _ => {}
        }
    }
    // Quotes left open are retried like any other construct.
    stack.len() + usize::from(in_single_quotes) + usize::from(in_backquotes) + arithmetic_without_end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<ProblemKind> {
        parser_hazard(text).map(|(kind, _)| kind)
    }

    #[test]
    fn everyday_here_documents_and_parentheses_pass() {
        for text in [
            "cat <<EOF\nbody\nEOF",
            "cat > notes.md <<'EOF'\n$(date) ) ( `x` ${y}\nEOF\necho ${x}",
            "git commit -m \"$(cat <<'EOF'\nfix: x\n\nDetails $(x) and `y`.\nEOF\n)\"",
            "x=$(cat <<EOF\nbody\nEOF\n)",
            "cat > \"${OUT}/notes.md\" <<'EOF'\ntext\nEOF",
            "cat <<-EOF\n\tbody\n\tEOF\nls",
            "cat <<A <<\"B\"\na\nA\nb\nB\nls",
            "cat <<\\EOF\nbody\nEOF",
            "cat <<EOF | grep x\nbody\nEOF",
            "echo $((1<<4)) && (( x <<= 2 ))",
            "grep -n '<<<<<<<' file && echo \"a << b\" && grep -c x <<< \"$(ls)\"",
            "(cd a; (cd b; make)); f() { ls; }; diff <(sort a) <(sort b)",
            "case $x in (a) ls;; b) pwd;; esac",
        ] {
            assert_eq!(parser_hazard(text), None, "{text:?}");
        }
    }

    #[test]
    fn substitution_between_operator_and_body_is_refused() {
        for text in [
            "cat <<EOF $(rm -rf x)\nbody\nEOF",
            "cat <<EOF > \"${X:-/etc/passwd}\"\nbody\nEOF",
            "cat <<EOF `x` $[1+2]\nbody\nEOF",
            "echo $(cat <<EOF)",
            "echo $(cat <<EOF)$(x\nbody\nEOF\n)",
            "cat <<$(x)\nbody\n$(x)",
            "echo \"$(cat <<EOF ${y})\"",
            "v$(cat <<0\n)\n0\n",
        ] {
            assert_eq!(kind(text), Some(ProblemKind::ParseError), "{text:?}");
        }
    }

    #[test]
    fn empty_or_missing_delimiter_is_refused() {
        for text in ["cat <<'' ", "cat <<\"\"\n\nls", "cat <<\r>x", "echo $(cat << \nx\n)", "cat << ;\n;", "cat <<)\n)"]
        {
            assert_eq!(kind(text), Some(ProblemKind::ParseError), "{text:?}");
        }
    }

    #[test]
    fn text_the_tokenizer_rejects_is_left_to_it() {
        for text in ["cat <<EOF", "cat <<EOF\nbody", "echo $(ls", "echo 'x", "cat <<\nx", "echo `x"] {
            assert_eq!(parser_hazard(text), None, "{text:?}");
        }
    }

    #[test]
    fn parentheses_open_at_a_separator_are_bounded() {
        let deep = format!("{}ls ; ;{}", "( ".repeat(18), " )".repeat(18));
        assert_eq!(kind(&deep), Some(ProblemKind::TooDeep));
        assert_eq!(kind(&"(".repeat(20)), Some(ProblemKind::TooDeep));
        // Closed parentheses cost nothing, however many.
        assert_eq!(kind(&format!("{}ls{}", "(".repeat(40), ")".repeat(40))), None);
        // The bound grows with the length: few open parentheses pass in a long script.
        let script = format!("(cd a; (cd b; make))\n{}", "echo some words here\n".repeat(2_000));
        assert_eq!(kind(&script), None);
        let long = format!("{}ls ;{}", "(".repeat(10), "x".repeat(2_000));
        assert_eq!(kind(&long), Some(ProblemKind::TooDeep));
    }

    #[test]
    fn unclosed_word_openers_are_bounded() {
        for text in [
            "$((".repeat(5),
            "$( (".repeat(4),
            "$( ')'".repeat(6),
            "${x:-\"}\"".repeat(6),
            "$( \\)".repeat(6),
            "$( `)`".repeat(6),
            "$'\\'' $( $( $( $( $( $( '".to_owned(),
        ] {
            assert!(word_hazard(&text, WordText::Word).is_some(), "{text:?}");
        }
        let body = format!("{}\nEOF", "$(".repeat(6));
        assert!(word_hazard(&body, WordText::HereDocumentBody).is_some());
        let arithmetic = "$(>\u{8}#$(()A\n*\u{0})$(>\u{8}#$(()\n".repeat(4);
        assert!(word_hazard(&arithmetic, WordText::HereDocumentBody).is_some());
        // A long single-quoted argument holds text only (`bash -c 'for …; do echo $((i * 2)); done'`).
        let quoted = "'for i in 1 2 3; do echo $((i * 2)); [[ $i ]] && echo [a] [b] [c]; done'";
        assert!(word_hazard(quoted, WordText::Word).is_none());
        // Nor do single quotes inside a substitution, or brackets inside double quotes.
        for everyday in [
            "\"$(jq -r '.a[0].b[1] | keys[] | .[2]' data.json)\"",
            "\"$(git log -1 --format='%s (%h) (%an) (%ae)' feature)\"",
            "\"\\033[32mOK\\033[0m \\033[1;31mFAIL\\033[0m \\e[4m\\e[0m\"",
            "\"a[ b[ c[ d[ e[ f[ g[\"",
        ] {
            assert!(word_hazard(everyday, WordText::Word).is_none(), "{everyday:?}");
        }
        let legacy = "$[i[i[p\"\"i[i[p\"i[p\"OO<<\u{0}".repeat(2);
        assert!(word_hazard(&legacy, WordText::HereDocumentBody).is_some());
        let subscripts = "${dioc[n(!!iocR<2\u{8}\u{1d} \n".repeat(2);
        assert!(word_hazard(&subscripts, WordText::HereDocumentBody).is_some());
    }

    #[test]
    fn a_command_in_braces_is_refused() {
        for text in ["${ sudo ls; }", "\"${ sudo ls; }\"", "${|sudo ls; }", "a${\tx; }", "\"$(echo ${ x; })\""] {
            assert!(word_hazard(text, WordText::Word).is_some(), "{text:?}");
        }
        assert!(word_hazard("x\n${ id; }\n", WordText::HereDocumentBody).is_some());
        // The tokenizer drops the blank after `${`, so the line is checked before it.
        assert_eq!(kind("echo ${ sudo ls; }"), Some(ProblemKind::ParseError));
        assert_eq!(kind("echo \"${\tid; }\""), Some(ProblemKind::ParseError));
        assert_eq!(kind("echo '${ id; }' ${x:-a}"), None);
        for text in ["'${ x; }'", "\\${ x", "${x:- a}", "${#x}", "\"${x}\""] {
            assert!(word_hazard(text, WordText::Word).is_none(), "{text:?}");
        }
    }

    #[test]
    fn tilde_index_out_of_range_is_refused() {
        let finding = "~2222222222222222222220";
        assert!(word_hazard(finding, WordText::Word).is_some());
        assert!(word_hazard("a=~+99999999999999999999999/x", WordText::Word).is_some());
        assert!(word_hazard("~-99999999999999999999999", WordText::Word).is_some());
        for text in ["~", "~/src", "~+", "~-", "~2", "~+1/x", "~user", "v1.2~rc", "~99"] {
            assert_eq!(word_hazard(text, WordText::Word), None, "{text:?}");
        }
    }

    #[test]
    fn closed_word_openers_pass() {
        for text in [
            "\"$(git rev-parse --short HEAD)\"-${VERSION:-dev}".to_owned(),
            "$(( (1 + 2) * $[3] ))".to_owned(),
            "${x:-\"}\"}".to_owned(),
            "$(echo \")\" ')' \\))".to_owned(),
            "$(echo \"$(date)\")".repeat(50),
        ] {
            assert_eq!(word_hazard(&text, WordText::Word), None, "{text:?}");
        }
        let body = "Don't forget: $(date) and ${HOME} (see notes), it's fine.\n".repeat(200);
        assert_eq!(word_hazard(&body, WordText::HereDocumentBody), None);
        // A single opener left open is cheap to reject in a long text.
        assert_eq!(word_hazard(&format!("$( {}", "x".repeat(30_000)), WordText::HereDocumentBody), None);
        assert_eq!(word_hazard("${files[@]} ${map[key]} ${a[$((i + 1))]}", WordText::Word), None);
    }

    #[test]
    fn unclosed_brackets_in_a_word_are_bounded() {
        let finding = "r[cc[[\u{8}$2Eq[c{c[e.[c[]c[\u{8}$2Eq[c[c[eq_[\u{8}$2E[cEq[c[c[e1_[\u{8}$2E[c[eq_[\u{8}$2Eq[c[e.[c[e[eq_[\u{8}$2Eq[c[e.[c\"$\\\"\"[]c[\u{8}$2Eq[cc[\u{8}$2Eq[c[c[e1_[\u{8}$2E[c[eq_[\u{8}$2Eq[c[e.[c[eEq[q";
        assert_eq!(kind(finding), Some(ProblemKind::ParseError));
        assert_eq!(kind("a[b[c[d[e[f[g[h[i[j[k\"]]]]]]]]]]\"=1"), Some(ProblemKind::ParseError));
        for text in [
            "arr[0]=1 m[${k}]=v ls *.[ch] && [[ -f x ]] && [ -d y ]",
            "echo \"[WARN\" '[' \\[ && grep -E '^[a-z' f",
            "x=$(echo a[b[c) y[$(i)]=2",
        ] {
            assert_eq!(parser_hazard(text), None, "{text:?}");
        }
    }

    #[test]
    fn parentheses_inside_words_quotes_and_bodies_are_not_counted() {
        let many = "(".repeat(30);
        for text in [
            format!("echo '{many}'"),
            format!("echo \"{many}\""),
            format!("echo $(echo x) # {many}"),
            format!("cat <<EOF\n{many}\nEOF"),
            format!("echo \\{}", many.replace('(', "\\(")),
        ] {
            assert_eq!(parser_hazard(&text), None, "{text:?}");
        }
    }
}
