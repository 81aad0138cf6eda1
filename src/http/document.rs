//! The gate every GraphQL document passes on every transport (POST, GET, WebSocket) before
//! async-graphql parses, validates or executes it.
//!
//! A document enters as the request's text and variables; it leaves either admitted (parsed
//! once, the parse kept on the request for execution and, by its text, for the next request
//! that sends the same text) or refused with a [`DocumentError`]
//! that tells the client which bound it crossed. Every check here is linear in the size of
//! the text and the variables, so a refusal takes microseconds whatever the input:
//!
//! 1. a scan of the raw text bounds bracket nesting and the token count, because the
//!    parser recurses on nested values and a few kilobytes of `[[[[…` would overflow its
//!    stack and abort the process;
//! 2. a walk of the parsed document measures each fragment once (memoized), giving the
//!    selection count and depth after fragment expansion, which a fragment bomb multiplies
//!    without growing the text; introspection subtrees (`__schema`, `__type`) are held to
//!    their own depth bound, so the standard introspection query of GraphQL tools passes
//!    while data queries keep the tighter one;
//! 3. input values (list items and object fields, literal or in variables) are counted,
//!    those under `filter` arguments against a tighter bound since each one becomes a SQL
//!    condition evaluated per row; strings holding NUL, which PostgreSQL text cannot store,
//!    are refused naming their field.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Field, OperationType, Selection, SelectionSet,
};
use async_graphql::{
    ErrorExtensionValues, Name, Request, Response, ServerError, Value as ConstValue,
};
use async_graphql_value::Value;

use switchyard_core::config::Limits;

use switchyard_core::budget_cache::BudgetCache;

/// Deepest bracket nesting (`{`, `[`, `(`) the parser is handed. Far above any useful
/// document, far below what exhausts a worker thread's stack; not configurable so no
/// setting can make the process crash.
pub const MAX_NESTING: usize = 128;

/// Root fields whose subtree is introspection, held to the introspection depth bound.
const INTROSPECTION_ROOTS: [&str; 2] = ["__schema", "__type"];

/// Why a document was refused before execution. Each message says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// Brackets nested deeper than [`MAX_NESTING`].
    #[error("the document nests brackets more than {MAX_NESTING} levels deep")]
    Nesting,
    /// More lexical tokens than the limit.
    #[error("the document has more than {0} tokens: send a smaller document")]
    Tokens(usize),
    /// More field selections, once fragments are expanded, than the limit.
    #[error("the query selects more than {0} fields once its fragments are expanded")]
    Selections(usize),
    /// More root fields (aliases included) in one operation than the limit.
    #[error("an operation may select at most {0} root fields (aliases included)")]
    RootFields(usize),
    /// Data selections nested deeper than the depth limit.
    #[error("Query is nested too deep: at most {0} levels of fields")]
    Depth(usize),
    /// Introspection selections nested deeper than their own limit.
    #[error("the introspection query is nested too deep: at most {0} levels of fields")]
    IntrospectionDepth(usize),
    /// Too many input values in arguments and variables.
    #[error("arguments and variables hold more than {0} values (list items and object fields)")]
    InputValues(usize),
    /// Too many values under `filter` arguments.
    #[error("filters hold more than {0} values: split the query or narrow the filter")]
    FilterValues(usize),
    /// A string with a NUL character.
    #[error("`{0}` contains a NUL character (\\u0000), which text cannot hold: remove it")]
    Nul(String),
    /// The server runs trusted documents only and this text is not one of them.
    #[error(
        "this server runs only its trusted documents, and this is not one of them: send a listed operation by id or by its exact text"
    )]
    Untrusted,
}

impl DocumentError {
    /// The `extensions.code` clients switch on (Apollo's, for a document not in the list).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Untrusted => "PERSISTED_QUERY_NOT_IN_LIST",
            _ => "BAD_USER_INPUT",
        }
    }

    /// The input field at fault, for `extensions.field`.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Nul(field) => Some(field),
            _ => None,
        }
    }
}

impl From<DocumentError> for ServerError {
    /// A request error (no path) with its code, and the field for a NUL.
    fn from(refusal: DocumentError) -> Self {
        let mut error = ServerError::new(refusal.to_string(), None);
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", refusal.code());
        if let Some(field) = refusal.field() {
            extensions.set("field", field);
        }
        error.extensions = Some(extensions);
        error
    }
}

impl From<DocumentError> for Response {
    /// The response refusing the whole request.
    fn from(refusal: DocumentError) -> Self {
        Response::from_errors(vec![refusal.into()])
    }
}

/// Text bytes of the admitted documents the gate keeps parsed. Clients send the same few
/// documents again and again, and parsing is the gate's main cost (a few percent of a
/// planned read's CPU); a parsed document takes several times its text in memory.
const ADMITTED_TEXT_BYTES: usize = 1 << 20;

/// The gate: [`Limits`] and the documents it admitted before, kept parsed under their text.
pub struct DocumentGate {
    limits: Limits,
    admitted: BudgetCache<String, Arc<ExecutableDocument>>,
}

impl DocumentGate {
    /// A gate holding documents to `limits`.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            admitted: BudgetCache::new(ADMITTED_TEXT_BYTES),
        }
    }

    /// Checks `request` and returns the type of the operation it selects (`None` when the
    /// document does not parse or names no operation: execution then reports that the
    /// usual way). The parsed document stays on the request for execution.
    ///
    /// A text admitted before is not scanned, parsed or measured again: those depend on
    /// the text alone. Its variables and operation name are checked on every request.
    pub fn admit(&self, request: &mut Request) -> Result<Option<OperationType>, DocumentError> {
        let document = match self.admitted.get(request.query.as_str()) {
            Some(document) => document,
            None => {
                scan(&request.query, self.limits.max_tokens)?;
                let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
                    return Ok(None);
                };
                measure_selections(&document, &self.limits)?;
                let document = Arc::new(document);
                let bytes = request.query.len();
                self.admitted
                    .put(request.query.clone(), Arc::clone(&document), bytes);
                document
            }
        };
        let mut inputs = InputCount::default();
        for (name, value) in request.variables.iter() {
            inputs.constant(value, name.as_str(), false)?;
        }
        inputs.document(&document, &request.variables)?;
        if inputs.filter_values > self.limits.max_filter_values {
            return Err(DocumentError::FilterValues(self.limits.max_filter_values));
        }
        if inputs.values > self.limits.max_input_values {
            return Err(DocumentError::InputValues(self.limits.max_input_values));
        }
        let operation = selected_operation(&document, request.operation_name.as_deref());
        request.set_parsed_query(Arc::unwrap_or_clone(document));
        Ok(operation)
    }
}

/// The name of the operation `request` runs: the one it asks for, or that of its only
/// operation. Reads the parse [`DocumentGate::admit`] kept; `None` for an anonymous operation or a
/// document that does not parse.
pub fn operation_name(request: &mut Request) -> Option<String> {
    if let Some(name) = &request.operation_name {
        return Some(name.clone());
    }
    match &request.parsed_query().ok()?.operations {
        DocumentOperations::Multiple(operations) if operations.len() == 1 => {
            operations.keys().next().map(ToString::to_string)
        }
        DocumentOperations::Single(_) | DocumentOperations::Multiple(_) => None,
    }
}

/// The type of the operation `name` selects from `document`.
fn selected_operation(document: &ExecutableDocument, name: Option<&str>) -> Option<OperationType> {
    let operation = match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => Some(operation),
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next()
        }
        (DocumentOperations::Multiple(_), None) => None,
    };
    operation.map(|operation| operation.node.ty)
}

/// One pass over the text as GraphQL's lexer sees it: counts tokens and tracks bracket
/// nesting, skipping strings, block strings and comments (whose brackets do not nest).
fn scan(text: &str, max_tokens: usize) -> Result<(), DocumentError> {
    let bytes = text.as_bytes();
    let (mut at, mut depth, mut tokens) = (0, 0usize, 0usize);
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => continue,
            b'#' => {
                while bytes.get(at).is_some_and(|b| *b != b'\n' && *b != b'\r') {
                    at += 1;
                }
                continue;
            }
            b'"' if bytes.get(at..at + 2) == Some(b"\"\"") => at = block_string_end(bytes, at + 2),
            b'"' => at = string_end(bytes, at),
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(DocumentError::Nesting);
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            b'.' if bytes.get(at..at + 2) == Some(b"..") => at += 2,
            b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => {
                while bytes.get(at).is_some_and(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-')
                }) {
                    at += 1;
                }
            }
            // Other punctuators (`! $ : = @ |`) and bytes the parser will refuse.
            _ => {}
        }
        tokens += 1;
        if tokens > max_tokens {
            return Err(DocumentError::Tokens(max_tokens));
        }
    }
    Ok(())
}

/// The index after the closing quote of a string whose body starts at `at`.
fn string_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        match byte {
            b'\\' => at += 1,
            b'"' | b'\n' | b'\r' => break,
            _ => {}
        }
    }
    at
}

/// The index after the closing `"""` of a block string whose body starts at `at`.
fn block_string_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() {
        if bytes[at..].starts_with(b"\\\"\"\"") {
            at += 4;
        } else if bytes[at..].starts_with(b"\"\"\"") {
            return at + 3;
        } else {
            at += 1;
        }
    }
    at
}

/// What a selection set costs once its fragments are expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Extent {
    /// Fields selected, counting a fragment once per spread.
    selections: usize,
    /// Deepest chain of data fields.
    depth: usize,
    /// Deepest chain of fields under an introspection root.
    introspection_depth: usize,
}

impl Extent {
    fn merge(&mut self, other: Self) {
        self.selections = self.selections.saturating_add(other.selections);
        self.depth = self.depth.max(other.depth);
        self.introspection_depth = self.introspection_depth.max(other.introspection_depth);
    }
}

/// Measures every operation of `document`, each fragment once, against the limits.
fn measure_selections(document: &ExecutableDocument, limits: &Limits) -> Result<(), DocumentError> {
    let mut measure = Measure {
        document,
        fragments: HashMap::new(),
    };
    for (_, operation) in document.operations.iter() {
        let root = &operation.node.selection_set.node;
        let roots = measure.root_fields(root);
        if roots > limits.max_root_fields {
            return Err(DocumentError::RootFields(limits.max_root_fields));
        }
        let extent = measure.selection_set(root);
        if extent.selections > limits.max_selections {
            return Err(DocumentError::Selections(limits.max_selections));
        }
        if extent.depth > limits.max_depth {
            return Err(DocumentError::Depth(limits.max_depth));
        }
        if extent.introspection_depth > limits.max_introspection_depth {
            return Err(DocumentError::IntrospectionDepth(
                limits.max_introspection_depth,
            ));
        }
    }
    Ok(())
}

/// A memoized walk over a document's selections.
struct Measure<'a> {
    document: &'a ExecutableDocument,
    /// Each fragment's extent; `None` while it is being measured (a cycle, which
    /// validation refuses, counts as empty here).
    fragments: HashMap<&'a Name, Option<Extent>>,
}

impl<'a> Measure<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> Extent {
        let mut extent = Extent::default();
        for selection in &set.items {
            extent.merge(match &selection.node {
                Selection::Field(field) => self.field(&field.node),
                Selection::InlineFragment(inline) => {
                    self.selection_set(&inline.node.selection_set.node)
                }
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node),
            });
        }
        extent
    }

    fn field(&mut self, field: &'a Field) -> Extent {
        let children = self.selection_set(&field.selection_set.node);
        let selections = children.selections.saturating_add(1);
        if INTROSPECTION_ROOTS.contains(&field.name.node.as_str()) {
            Extent {
                selections,
                depth: 0,
                introspection_depth: 1 + children.depth.max(children.introspection_depth),
            }
        } else {
            Extent {
                selections,
                depth: 1 + children.depth,
                introspection_depth: children.introspection_depth,
            }
        }
    }

    fn fragment(&mut self, name: &'a Name) -> Extent {
        if let Some(known) = self.fragments.get(name) {
            return known.unwrap_or_default();
        }
        let Some(fragment) = self.document.fragments.get(name) else {
            return Extent::default();
        };
        self.fragments.insert(name, None);
        let extent = self.selection_set(&fragment.node.selection_set.node);
        self.fragments.insert(name, Some(extent));
        extent
    }

    /// Root fields of an operation, through fragments at the root.
    fn root_fields(&mut self, set: &'a SelectionSet) -> usize {
        set.items
            .iter()
            .map(|selection| match &selection.node {
                Selection::Field(_) => 1,
                Selection::InlineFragment(inline) => {
                    self.root_fields(&inline.node.selection_set.node)
                }
                Selection::FragmentSpread(spread) => self
                    .document
                    .fragments
                    .get(&spread.node.fragment_name.node)
                    .map_or(0, |fragment| fragment.node.selection_set.node.items.len()),
            })
            .sum()
    }
}

/// Input values seen so far, and those under a `filter` argument.
#[derive(Debug, Default)]
struct InputCount {
    values: usize,
    filter_values: usize,
}

impl InputCount {
    fn count(&mut self, in_filter: bool) {
        self.values = self.values.saturating_add(1);
        if in_filter {
            self.filter_values = self.filter_values.saturating_add(1);
        }
    }

    /// A variable's value (or one nested in it); `field` is the innermost name around it.
    fn constant(
        &mut self,
        value: &ConstValue,
        field: &str,
        in_filter: bool,
    ) -> Result<(), DocumentError> {
        self.count(in_filter);
        match value {
            ConstValue::String(text) if text.contains('\0') => {
                Err(DocumentError::Nul(field.to_owned()))
            }
            ConstValue::List(items) => items
                .iter()
                .try_for_each(|item| self.constant(item, field, in_filter)),
            ConstValue::Object(fields) => fields.iter().try_for_each(|(name, value)| {
                if name.contains('\0') {
                    return Err(DocumentError::Nul(field.to_owned()));
                }
                self.constant(value, name.as_str(), in_filter)
            }),
            _ => Ok(()),
        }
    }

    /// Every argument written in the document's text. A variable used as (or inside) a
    /// filter counts again as filter values.
    fn document(
        &mut self,
        document: &ExecutableDocument,
        variables: &async_graphql::Variables,
    ) -> Result<(), DocumentError> {
        let fields = document
            .operations
            .iter()
            .map(|(_, operation)| &operation.node.selection_set.node)
            .chain(
                document
                    .fragments
                    .values()
                    .map(|fragment| &fragment.node.selection_set.node),
            );
        for set in fields {
            self.arguments_of(set, variables)?;
        }
        Ok(())
    }

    /// Arguments of the fields written in `set` (fragments are visited once, by
    /// [`Self::document`], not per spread).
    fn arguments_of(
        &mut self,
        set: &SelectionSet,
        variables: &async_graphql::Variables,
    ) -> Result<(), DocumentError> {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    for (name, value) in &field.node.arguments {
                        let in_filter = name.node.as_str() == "filter";
                        self.literal(&value.node, name.node.as_str(), in_filter, variables)?;
                    }
                    self.arguments_of(&field.node.selection_set.node, variables)?;
                }
                Selection::InlineFragment(inline) => {
                    self.arguments_of(&inline.node.selection_set.node, variables)?;
                }
                Selection::FragmentSpread(_) => {}
            }
        }
        Ok(())
    }

    fn literal(
        &mut self,
        value: &Value,
        field: &str,
        in_filter: bool,
        variables: &async_graphql::Variables,
    ) -> Result<(), DocumentError> {
        match value {
            Value::Variable(name) => {
                if in_filter && let Some(value) = variables.get(name) {
                    // Counted once already as a variable; here only its filter weight.
                    let mut weight = Self::default();
                    weight.constant(value, field, true)?;
                    self.filter_values = self.filter_values.saturating_add(weight.filter_values);
                }
                Ok(())
            }
            Value::String(text) if text.contains('\0') => Err(DocumentError::Nul(field.to_owned())),
            Value::List(items) => {
                self.count(in_filter);
                items
                    .iter()
                    .try_for_each(|item| self.literal(item, field, in_filter, variables))
            }
            Value::Object(fields) => {
                self.count(in_filter);
                fields.iter().try_for_each(|(name, value)| {
                    self.literal(value, name.as_str(), in_filter, variables)
                })
            }
            _ => {
                self.count(in_filter);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admit(request: &mut Request) -> Result<Option<OperationType>, DocumentError> {
        DocumentGate::new(Limits::default()).admit(request)
    }

    fn admit_text(query: &str) -> Result<Option<OperationType>, DocumentError> {
        admit(&mut Request::new(query))
    }

    #[test]
    fn deep_brackets_are_refused_before_parsing() {
        let deep = format!("{{ f(x: {}1{}) }}", "[".repeat(2_000), "]".repeat(2_000));
        assert_eq!(admit_text(&deep), Err(DocumentError::Nesting));
        let objects = format!("{{ f(x: {}) }}", "{a:".repeat(2_000));
        assert_eq!(admit_text(&objects), Err(DocumentError::Nesting));
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_nest() {
        let text = format!(
            "{{ f(x: \"{}\", y: \"\"\"{}\"\"\") }} # {}",
            "[".repeat(500),
            "{".repeat(500),
            "(".repeat(500)
        );
        assert_eq!(admit_text(&text), Ok(Some(OperationType::Query)));
    }

    #[test]
    fn a_fragment_bomb_is_measured_linearly_and_refused() {
        let mut text = String::from("{ viewer { ...L24 } } fragment L0 on Viewer { id role }");
        for level in 1..=24 {
            let below = level - 1;
            text.push_str(&format!(
                " fragment L{level} on Viewer {{ ...L{below} ...L{below} }}"
            ));
        }
        assert_eq!(
            admit_text(&text),
            Err(DocumentError::Selections(Limits::default().max_selections))
        );
    }

    #[test]
    fn introspection_has_its_own_depth_bound() {
        let of_type =
            |levels: usize| format!("{}name{}", "ofType { ".repeat(levels), " }".repeat(levels));
        let introspection = format!(
            "{{ __schema {{ types {{ fields {{ type {{ {} }} }} }} }} }}",
            of_type(14)
        );
        assert_eq!(admit_text(&introspection), Ok(Some(OperationType::Query)));
        let data = "{ a { b { c { d { e { f { g { h { i { j { k { l { m } } } } } } } } } } } } }";
        assert_eq!(admit_text(data), Err(DocumentError::Depth(12)));
    }

    #[test]
    fn nul_in_a_literal_or_a_variable_names_its_field() {
        assert_eq!(
            admit_text(r#"mutation { createPost(input: { body: "a\u0000b" }) { id } }"#),
            Err(DocumentError::Nul("body".into()))
        );
        let mut request = Request::new("mutation($b: String!) { signIn(email: $b) { token } }")
            .variables(async_graphql::Variables::from_json(
                serde_json::json!({ "b": "x\u{0}" }),
            ));
        assert_eq!(admit(&mut request), Err(DocumentError::Nul("b".into())));
    }

    #[test]
    fn filters_are_counted_literal_and_through_variables() {
        let conditions = (0..300)
            .map(|n| format!("{{ content: {{ contains: \"q{n}\" }} }}"))
            .collect::<Vec<_>>()
            .join(", ");
        let literal = format!(
            "{{ comments(first: 1, filter: {{ or: [{conditions}] }}) {{ edges {{ cursor }} }} }}"
        );
        assert_eq!(admit_text(&literal), Err(DocumentError::FilterValues(200)));
        let list: Vec<_> = (0..300)
            .map(|n| serde_json::json!({ "content": { "contains": format!("q{n}") } }))
            .collect();
        let mut request = Request::new(
            "query($f: CommentFilter) { comments(first: 1, filter: $f) { edges { cursor } } }",
        )
        .variables(async_graphql::Variables::from_json(
            serde_json::json!({ "f": { "or": list } }),
        ));
        assert_eq!(admit(&mut request), Err(DocumentError::FilterValues(200)));
    }

    #[test]
    fn a_document_admitted_once_is_kept_parsed_and_its_variables_still_checked() {
        let gate = DocumentGate::new(Limits::default());
        let text = "query($b: String!) { signIn(email: $b) { token } }";
        let with_email = |email: &str| {
            Request::new(text).variables(async_graphql::Variables::from_json(
                serde_json::json!({ "b": email }),
            ))
        };
        let mut first = with_email("ada@example.com");
        assert_eq!(gate.admit(&mut first), Ok(Some(OperationType::Query)));
        let mut again = with_email("x\u{0}");
        assert_eq!(gate.admit(&mut again), Err(DocumentError::Nul("b".into())));
        let mut later = with_email("bob@example.com");
        assert_eq!(gate.admit(&mut later), Ok(Some(OperationType::Query)));
        assert!(
            later.parsed_query().is_ok(),
            "the kept parse is on the request"
        );
        assert_eq!(gate.admitted.entries(), 1, "one text, parsed once");
        let refused =
            "{ a { b { c { d { e { f { g { h { i { j { k { l { m } } } } } } } } } } } } }";
        assert!(gate.admit(&mut Request::new(refused)).is_err());
        assert_eq!(gate.admitted.entries(), 1, "a refused text is not kept");
    }
}
