//! A `macro_rules!` expander: a definition's rules, matched against a call's
//! tokens the way rustc does (first rule that matches wins; fragments parsed
//! as the grammar says), then transcribed with repetitions. The indexer uses
//! it for item-level calls of the crate's own macros (`impl_int!(u8, u16)`),
//! whose items otherwise never reach the graph.
//!
//! What it leaves out, on purpose: hygiene (names are what they read as:
//! enough for items, whose names are never hygienic), and rustc's parallel
//! matcher. This matcher is greedy per repetition and backtracks only over
//! repetition counts, which agrees with rustc on every macro rustc accepts
//! without an ambiguity error. Work is bounded ([`Budget`]): a macro that
//! loops or explodes is left unexpanded, never a hang.

use std::collections::HashMap;

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};

/// The rules of one `macro_rules!` definition.
pub struct MacroRules {
    rules: Vec<Rule>,
}

struct Rule {
    matcher: Vec<Matcher>,
    transcriber: Vec<TokenTree>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fragment {
    Ident,
    Lifetime,
    Literal,
    Tt,
    Ty,
    Path,
    Expr,
    Pat,
    PatParam,
    Block,
    Stmt,
    Item,
    Vis,
    Meta,
}

impl Fragment {
    fn from_name(name: &str) -> Option<Fragment> {
        Some(match name {
            "ident" => Fragment::Ident,
            "lifetime" => Fragment::Lifetime,
            "literal" => Fragment::Literal,
            "tt" => Fragment::Tt,
            "ty" => Fragment::Ty,
            "path" => Fragment::Path,
            "expr" | "expr_2021" => Fragment::Expr,
            "pat" => Fragment::Pat,
            "pat_param" => Fragment::PatParam,
            "block" => Fragment::Block,
            "stmt" => Fragment::Stmt,
            "item" => Fragment::Item,
            "vis" => Fragment::Vis,
            "meta" => Fragment::Meta,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repetition {
    ZeroOrMore,
    OneOrMore,
    ZeroOrOne,
}

#[derive(Debug)]
enum Matcher {
    Punct(char),
    Ident(String),
    Literal(String),
    Group(Delimiter, Vec<Matcher>),
    Variable(String, Fragment),
    Repeat {
        inner: Vec<Matcher>,
        separator: Vec<Matcher>,
        repetition: Repetition,
    },
}

/// Why a call was not expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    NoRuleMatched,
    /// A transcriber uses a variable at the wrong repetition depth, or a
    /// repetition with no variable that repeats.
    BadTranscriber,
    /// The matcher or the output grew past the budget.
    TooMuchWork,
}

/// Limits that keep a pathological macro from costing more than a moment.
pub struct Budget {
    /// Matcher steps (tokens compared, fragments parsed) left.
    pub steps: u64,
    /// Output tokens left.
    pub tokens: u64,
}

impl Budget {
    pub fn per_call() -> Budget {
        Budget {
            steps: 200_000,
            tokens: 200_000,
        }
    }
}

impl MacroRules {
    /// The rules of `macro_rules! name { rules }`, given the tokens inside the
    /// outer delimiters; `None` when they are not a list of `(matcher) =>
    /// {transcriber}` rules.
    pub fn parse(tokens: TokenStream) -> Option<MacroRules> {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut rules = Vec::new();
        let mut at = 0;
        while at < trees.len() {
            let TokenTree::Group(matcher) = &trees[at] else {
                return None;
            };
            let arrow = matches!((trees.get(at + 1), trees.get(at + 2)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == '=' && a.spacing() == Spacing::Joint && b.as_char() == '>');
            let Some(TokenTree::Group(transcriber)) = trees.get(at + 3) else {
                return None;
            };
            if !arrow {
                return None;
            }
            let matcher: Vec<TokenTree> = matcher.stream().into_iter().collect();
            rules.push(Rule {
                matcher: parse_matchers(&matcher)?,
                transcriber: transcriber.stream().into_iter().collect(),
            });
            at += 4;
            match trees.get(at) {
                Some(TokenTree::Punct(semi)) if semi.as_char() == ';' => at += 1,
                None => {}
                Some(_) => return None,
            }
        }
        (!rules.is_empty()).then_some(MacroRules { rules })
    }

    /// The tokens a call with `input` expands to. `$crate` becomes
    /// `crate_path` (the defining crate as the caller names it).
    pub fn expand(
        &self,
        input: TokenStream,
        crate_path: &str,
        budget: &mut Budget,
    ) -> Result<TokenStream, ExpandError> {
        let input: Vec<TokenTree> = input.into_iter().collect();
        for rule in &self.rules {
            let mut bindings = Bindings::new();
            let matched = match_sequence(&rule.matcher, &input, 0, true, &mut bindings, budget)?;
            if matched.is_some() {
                let mut out = Vec::new();
                let mut transcription = Transcription {
                    bindings: &bindings,
                    indices: Vec::new(),
                    crate_path,
                    budget,
                };
                transcription.tokens(&rule.transcriber, &mut out)?;
                return Ok(out.into_iter().collect());
            }
        }
        Err(ExpandError::NoRuleMatched)
    }
}

fn parse_matchers(trees: &[TokenTree]) -> Option<Vec<Matcher>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < trees.len() {
        match &trees[at] {
            TokenTree::Punct(dollar) if dollar.as_char() == '$' => match trees.get(at + 1) {
                Some(TokenTree::Ident(name)) => {
                    let colon = matches!(trees.get(at + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                    let fragment = match trees.get(at + 3) {
                        Some(TokenTree::Ident(kind)) if colon => {
                            Fragment::from_name(&kind.to_string())?
                        }
                        _ => return None,
                    };
                    out.push(Matcher::Variable(unraw(name), fragment));
                    at += 4;
                }
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    let (separator, repetition, used) = repetition_tail(&trees[at + 2..])?;
                    out.push(Matcher::Repeat {
                        inner: parse_matchers(&inner)?,
                        separator: parse_matchers(&separator)?,
                        repetition,
                    });
                    at += 2 + used;
                }
                _ => {
                    out.push(Matcher::Punct('$'));
                    at += 1;
                }
            },
            TokenTree::Punct(punct) => {
                out.push(Matcher::Punct(punct.as_char()));
                at += 1;
            }
            TokenTree::Ident(ident) => {
                out.push(Matcher::Ident(ident.to_string()));
                at += 1;
            }
            TokenTree::Literal(literal) => {
                out.push(Matcher::Literal(literal.to_string()));
                at += 1;
            }
            TokenTree::Group(group) => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                out.push(Matcher::Group(group.delimiter(), parse_matchers(&inner)?));
                at += 1;
            }
        }
    }
    Some(out)
}

/// After `$( … )`: an optional separator (one token; a multi-character
/// operator is several joint puncts) and the repetition operator. Returns
/// the separator's trees, the operator and how many trees were read.
fn repetition_tail(trees: &[TokenTree]) -> Option<(Vec<TokenTree>, Repetition, usize)> {
    let operator = |tree: Option<&TokenTree>| match tree {
        Some(TokenTree::Punct(p)) => match p.as_char() {
            '*' => Some(Repetition::ZeroOrMore),
            '+' => Some(Repetition::OneOrMore),
            '?' => Some(Repetition::ZeroOrOne),
            _ => None,
        },
        _ => None,
    };
    if let Some(repetition) = operator(trees.first()) {
        // `$(…)+*`-style: a `+` or `*` followed by an operator is a separator.
        if !matches!(
            operator(trees.get(1)),
            Some(Repetition::ZeroOrMore | Repetition::OneOrMore)
        ) || repetition == Repetition::ZeroOrOne
        {
            return Some((Vec::new(), repetition, 1));
        }
    }
    let mut separator = Vec::new();
    let mut at = 0;
    loop {
        let tree = trees.get(at)?;
        separator.push(tree.clone());
        at += 1;
        match tree {
            TokenTree::Punct(p)
                if p.spacing() == Spacing::Joint && operator(trees.get(at)).is_none() => {}
            _ => break,
        }
    }
    let repetition = operator(trees.get(at))?;
    Some((separator, repetition, at + 1))
}

/// What a variable matched: one fragment, or one binding per repetition.
#[derive(Debug, Clone)]
enum Binding {
    Fragment(Vec<TokenTree>, Fragment),
    Repeated(Vec<Binding>),
}

type Bindings = HashMap<String, Binding>;

/// Matches `matchers` against `input[from..]`; with `to_end`, all of it.
/// Returns where the match ended, or `None` when it does not match.
fn match_sequence(
    matchers: &[Matcher],
    input: &[TokenTree],
    from: usize,
    to_end: bool,
    bindings: &mut Bindings,
    budget: &mut Budget,
) -> Result<Option<usize>, ExpandError> {
    let Some((first, rest)) = matchers.split_first() else {
        return Ok((!to_end || from == input.len()).then_some(from));
    };
    spend(&mut budget.steps, 1)?;
    match first {
        Matcher::Repeat {
            inner,
            separator,
            repetition,
        } => {
            // Greedy: every iteration that matches, then fewer if the rest
            // of the matcher needs them.
            let mut ends = vec![from];
            let mut iterations: Vec<Bindings> = Vec::new();
            let mut at = from;
            loop {
                if *repetition == Repetition::ZeroOrOne && iterations.len() == 1 {
                    break;
                }
                let mut start = at;
                if !iterations.is_empty() && !separator.is_empty() {
                    let mut none = Bindings::new();
                    match match_sequence(separator, input, at, false, &mut none, budget)? {
                        Some(end) => start = end,
                        None => break,
                    }
                }
                let mut one = Bindings::new();
                match match_sequence(inner, input, start, false, &mut one, budget)? {
                    Some(end) if end > start || !separator.is_empty() && end > at => {
                        at = end;
                        ends.push(end);
                        iterations.push(one);
                    }
                    _ => break,
                }
            }
            let minimum = usize::from(*repetition == Repetition::OneOrMore);
            let names = variable_names(inner);
            for count in (minimum..=iterations.len()).rev() {
                let mut attempt = bindings.clone();
                for name in &names {
                    let each = iterations[..count]
                        .iter()
                        .map(|one| {
                            one.get(name)
                                .cloned()
                                .unwrap_or(Binding::Repeated(Vec::new()))
                        })
                        .collect();
                    attempt.insert(name.clone(), Binding::Repeated(each));
                }
                if let Some(end) =
                    match_sequence(rest, input, ends[count], to_end, &mut attempt, budget)?
                {
                    *bindings = attempt;
                    return Ok(Some(end));
                }
            }
            Ok(None)
        }
        Matcher::Variable(name, fragment) => {
            let Some(used) = parse_fragment(*fragment, &input[from..], budget)? else {
                return Ok(None);
            };
            bindings.insert(
                name.clone(),
                Binding::Fragment(input[from..from + used].to_vec(), *fragment),
            );
            match_sequence(rest, input, from + used, to_end, bindings, budget)
        }
        Matcher::Group(delimiter, inner) => match input.get(from) {
            Some(TokenTree::Group(group)) if group.delimiter() == *delimiter => {
                let inside: Vec<TokenTree> = group.stream().into_iter().collect();
                if match_sequence(inner, &inside, 0, true, bindings, budget)?.is_none() {
                    return Ok(None);
                }
                match_sequence(rest, input, from + 1, to_end, bindings, budget)
            }
            _ => Ok(None),
        },
        token => {
            let equal = match (token, input.get(from)) {
                (Matcher::Punct(c), Some(TokenTree::Punct(p))) => p.as_char() == *c,
                (Matcher::Ident(name), Some(TokenTree::Ident(ident))) => ident == name,
                (Matcher::Literal(text), Some(TokenTree::Literal(literal))) => {
                    literal.to_string() == *text
                }
                _ => false,
            };
            if !equal {
                return Ok(None);
            }
            match_sequence(rest, input, from + 1, to_end, bindings, budget)
        }
    }
}

fn variable_names(matchers: &[Matcher]) -> Vec<String> {
    let mut names = Vec::new();
    for matcher in matchers {
        match matcher {
            Matcher::Variable(name, _) => names.push(name.clone()),
            Matcher::Group(_, inner) | Matcher::Repeat { inner, .. } => {
                names.extend(variable_names(inner));
            }
            _ => {}
        }
    }
    names
}

fn spend(left: &mut u64, amount: u64) -> Result<(), ExpandError> {
    *left = left.checked_sub(amount).ok_or(ExpandError::TooMuchWork)?;
    Ok(())
}

/// How many of `input`'s trees a fragment of this kind takes, or `None`
/// when it does not start with one.
fn parse_fragment(
    fragment: Fragment,
    input: &[TokenTree],
    budget: &mut Budget,
) -> Result<Option<usize>, ExpandError> {
    let first = input.first();
    let simple = match fragment {
        Fragment::Tt => Some(first.map(|_| single_token_length(input))),
        Fragment::Ident => Some(match first {
            Some(TokenTree::Ident(ident)) if ident != "_" => Some(1),
            _ => None,
        }),
        Fragment::Lifetime => Some(match (first, input.get(1)) {
            (Some(TokenTree::Punct(quote)), Some(TokenTree::Ident(_)))
                if quote.as_char() == '\'' && quote.spacing() == Spacing::Joint =>
            {
                Some(2)
            }
            _ => None,
        }),
        Fragment::Literal => Some(match (first, input.get(1)) {
            (Some(TokenTree::Literal(_)), _) => Some(1),
            (Some(TokenTree::Ident(ident)), _) if ident == "true" || ident == "false" => Some(1),
            (Some(TokenTree::Punct(minus)), Some(TokenTree::Literal(_)))
                if minus.as_char() == '-' =>
            {
                Some(2)
            }
            _ => None,
        }),
        _ => None,
    };
    if let Some(simple) = simple {
        return Ok(simple);
    }
    // A syn parse is handed a copy of the rest of the input: charge for
    // that copy, so a muncher over a long input runs out of budget.
    spend(&mut budget.steps, 1 + input.len() as u64 / 16)?;
    let stream: TokenStream = input.iter().cloned().collect();
    let parse = |stream: ParseStream<'_>| -> syn::Result<usize> {
        match fragment {
            Fragment::Ty => drop(stream.parse::<syn::Type>()?),
            Fragment::Path => drop(stream.parse::<syn::Path>()?),
            Fragment::Expr => drop(stream.parse::<syn::Expr>()?),
            Fragment::Pat => drop(syn::Pat::parse_multi_with_leading_vert(stream)?),
            Fragment::PatParam => drop(syn::Pat::parse_single(stream)?),
            Fragment::Block => drop(stream.parse::<syn::Block>()?),
            Fragment::Stmt => drop(stream.parse::<syn::Stmt>()?),
            Fragment::Item => drop(stream.parse::<syn::Item>()?),
            Fragment::Vis => drop(stream.parse::<syn::Visibility>()?),
            Fragment::Meta => drop(stream.parse::<syn::Meta>()?),
            Fragment::Ident | Fragment::Lifetime | Fragment::Literal | Fragment::Tt => {}
        }
        let rest: TokenStream = stream.parse()?;
        Ok(rest.into_iter().count())
    };
    Ok(parse.parse2(stream).ok().map(|left| input.len() - left))
}

/// How many trees the token at the start of `input` spans: proc-macro2
/// splits a lifetime (`'a`) and a multi-character operator (`=>`, `::`,
/// `..=`) into puncts, where rustc's `tt` sees one token.
fn single_token_length(input: &[TokenTree]) -> usize {
    const OPERATORS: [&str; 24] = [
        "...", "..=", "<<=", ">>=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=",
        "-=", "*=", "/=", "%=", "^=", "&=", "|=", "..", "<<", ">>",
    ];
    let Some(TokenTree::Punct(first)) = input.first() else {
        return 1;
    };
    if first.as_char() == '\'' {
        return if matches!(input.get(1), Some(TokenTree::Ident(_))) {
            2
        } else {
            1
        };
    }
    // The operator's characters, as far as the puncts are joint.
    let mut glued = String::new();
    for tree in input.iter().take(3) {
        let TokenTree::Punct(punct) = tree else { break };
        glued.push(punct.as_char());
        if punct.spacing() == Spacing::Alone {
            break;
        }
    }
    (2..=glued.len())
        .rev()
        .find(|&length| OPERATORS.contains(&&glued[..length]))
        .unwrap_or(1)
}

struct Transcription<'a> {
    bindings: &'a Bindings,
    /// The iteration of each enclosing `$( … )` being written.
    indices: Vec<usize>,
    crate_path: &'a str,
    budget: &'a mut Budget,
}

impl<'a> Transcription<'a> {
    fn tokens(&mut self, trees: &[TokenTree], out: &mut Vec<TokenTree>) -> Result<(), ExpandError> {
        let mut at = 0;
        while at < trees.len() {
            spend(&mut self.budget.tokens, 1)?;
            match &trees[at] {
                TokenTree::Punct(dollar) if dollar.as_char() == '$' => match trees.get(at + 1) {
                    Some(TokenTree::Ident(name)) if name == "crate" => {
                        self.crate_path(out);
                        at += 2;
                    }
                    Some(TokenTree::Ident(name)) => {
                        match self.lookup(&unraw(name)) {
                            Some(Binding::Fragment(tokens, fragment)) => {
                                spend(&mut self.budget.tokens, tokens.len() as u64)?;
                                out.extend(fragment_tokens(tokens, *fragment));
                            }
                            Some(Binding::Repeated(_)) => return Err(ExpandError::BadTranscriber),
                            // Not ours: a nested macro's variable, kept as written.
                            None => out.extend(trees[at..at + 2].iter().cloned()),
                        }
                        at += 2;
                    }
                    Some(TokenTree::Group(group))
                        if group.delimiter() == Delimiter::Parenthesis =>
                    {
                        let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                        match repetition_tail(&trees[at + 2..]) {
                            Some((separator, _, used)) => {
                                self.repeat(&inner, &separator, out)?;
                                at += 2 + used;
                            }
                            None => {
                                out.push(trees[at].clone());
                                at += 1;
                            }
                        }
                    }
                    _ => {
                        out.push(trees[at].clone());
                        at += 1;
                    }
                },
                TokenTree::Group(group) => {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    let mut written = Vec::new();
                    self.tokens(&inner, &mut written)?;
                    let mut rebuilt = Group::new(group.delimiter(), written.into_iter().collect());
                    rebuilt.set_span(group.span());
                    out.push(TokenTree::Group(rebuilt));
                    at += 1;
                }
                other => {
                    out.push(other.clone());
                    at += 1;
                }
            }
        }
        Ok(())
    }

    fn repeat(
        &mut self,
        inner: &[TokenTree],
        separator: &[TokenTree],
        out: &mut Vec<TokenTree>,
    ) -> Result<(), ExpandError> {
        let mut count = None;
        for name in transcribed_names(inner) {
            if let Some(Binding::Repeated(each)) = self.lookup(&name) {
                match count {
                    None => count = Some(each.len()),
                    Some(seen) if seen != each.len() => return Err(ExpandError::BadTranscriber),
                    Some(_) => {}
                }
            }
        }
        let count = count.ok_or(ExpandError::BadTranscriber)?;
        for index in 0..count {
            if index > 0 {
                out.extend(separator.iter().cloned());
            }
            self.indices.push(index);
            let written = self.tokens(inner, out);
            self.indices.pop();
            written?;
        }
        Ok(())
    }

    /// A variable's binding at the current repetition indices.
    fn lookup(&self, name: &str) -> Option<&'a Binding> {
        let bindings: &'a Bindings = self.bindings;
        let mut binding = bindings.get(name)?;
        for &index in &self.indices {
            match binding {
                Binding::Repeated(each) => binding = each.get(index)?,
                Binding::Fragment(..) => break,
            }
        }
        Some(binding)
    }

    fn crate_path(&self, out: &mut Vec<TokenTree>) {
        for (i, segment) in self.crate_path.split("::").enumerate() {
            if i > 0 {
                out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
            }
            if !segment.is_empty() {
                out.push(TokenTree::Ident(Ident::new(segment, Span::call_site())));
            }
        }
    }
}

/// Variables written as `$name` in a transcriber (not `$crate`).
fn transcribed_names(trees: &[TokenTree]) -> Vec<String> {
    let mut names = Vec::new();
    for (at, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Punct(dollar) if dollar.as_char() == '$' => {
                if let Some(TokenTree::Ident(name)) = trees.get(at + 1) {
                    if name != "crate" {
                        names.push(unraw(name));
                    }
                }
            }
            TokenTree::Group(group) => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                names.extend(transcribed_names(&inner));
            }
            _ => {}
        }
    }
    names
}

/// A fragment as written into the output. An expression of several tokens
/// keeps its grouping (`$e * 2` with `a + b` is `(a + b) * 2`); the output
/// is printed as text, where an invisible group would not survive.
fn fragment_tokens(tokens: &[TokenTree], fragment: Fragment) -> Vec<TokenTree> {
    if fragment == Fragment::Expr && tokens.len() > 1 {
        let group = Group::new(Delimiter::Parenthesis, tokens.iter().cloned().collect());
        vec![TokenTree::Group(group)]
    } else {
        tokens.to_vec()
    }
}

fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    match text.strip_prefix("r#") {
        Some(bare) => bare.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(definition: &str, call: &str) -> Result<String, ExpandError> {
        let item: syn::ItemMacro = syn::parse_str(definition).unwrap();
        let rules = MacroRules::parse(item.mac.tokens).expect("rules parse");
        let input: TokenStream = call.parse().unwrap();
        rules
            .expand(input, "crate", &mut Budget::per_call())
            .map(|tokens| tokens.to_string())
    }

    #[test]
    fn first_matching_rule_with_repetitions_and_separators() {
        let definition = r#"macro_rules! impl_zero {
            () => {};
            ($($t:ty),+ $(,)?) => { $(impl Zero for $t { fn zero() -> Self { 0 as $t } })+ };
        }"#;
        assert_eq!(expand(definition, "").unwrap(), "");
        assert_eq!(
            expand(definition, "u8, i64,").unwrap(),
            "impl Zero for u8 { fn zero () -> Self { 0 as u8 } } impl Zero for i64 { fn zero () -> Self { 0 as i64 } }"
        );
        assert_eq!(expand(definition, "=>"), Err(ExpandError::NoRuleMatched));
    }

    #[test]
    fn nested_repetitions_literal_tokens_and_crate() {
        let definition = r#"macro_rules! newtypes {
            ($($(#[$m:meta])* $v:vis struct $name:ident($inner:ty) => [$($tr:ident),*];)*) => {
                $($(#[$m])* $v struct $name($inner); $(impl $crate::$tr for $name {})*)*
            };
        }"#;
        let out = expand(
            definition,
            "#[derive(Debug)] pub struct Meters(f64) => [Unit, Scale]; struct Id(u32) => [];",
        )
        .unwrap();
        assert_eq!(
            out,
            "# [derive (Debug)] pub struct Meters (f64) ; impl crate ::Unit for Meters { } impl crate ::Scale for Meters { } struct Id (u32) ;"
        );
    }

    #[test]
    fn expressions_keep_their_grouping_and_fragments_stop_where_the_grammar_does() {
        let definition = r#"macro_rules! consts {
            ($name:ident = $e:expr; $($rest:tt)*) => { const $name: u32 = $e * 2; consts!($($rest)*); };
            () => {};
        }"#;
        assert_eq!(
            expand(definition, "A = 1 + 1; B = 3;").unwrap(),
            "const A : u32 = (1 + 1) * 2 ; consts ! (B = 3 ;) ;"
        );
    }

    #[test]
    fn variables_of_a_nested_macro_stay_and_bad_depths_are_refused() {
        let definition = r#"macro_rules! outer {
            ($name:ident) => { macro_rules! $name { ($x:expr) => { $x }; } };
        }"#;
        assert_eq!(
            expand(definition, "inner").unwrap(),
            "macro_rules ! inner { ($ x : expr) => { $ x } ; }"
        );
        let depth = "macro_rules! m { ($($a:ident)*) => { $a }; }";
        assert_eq!(expand(depth, "x y"), Err(ExpandError::BadTranscriber));
    }

    #[test]
    fn a_token_tree_is_a_whole_lifetime_or_operator() {
        let definition = "macro_rules! m { ($a:tt $b:tt $c:tt $d:tt) => { $d $c $b $a }; }";
        assert_eq!(expand(definition, "'de => ..= x").unwrap(), "x ..= => 'de");
    }

    #[test]
    fn a_runaway_matcher_is_stopped_by_the_budget() {
        let definition = "macro_rules! m { ($($a:tt)* $($b:tt)* x) => {}; }";
        let call = "y ".repeat(3000);
        let item: syn::ItemMacro = syn::parse_str(definition).unwrap();
        let rules = MacroRules::parse(item.mac.tokens).unwrap();
        let mut budget = Budget::per_call();
        assert_eq!(
            rules
                .expand(call.parse().unwrap(), "crate", &mut budget)
                .unwrap_err(),
            ExpandError::TooMuchWork
        );
    }
}
