//! A property of the whole API: whatever document and variables a client sends, the gateway
//! answers with a client error or data, never a server error, never `INTERNAL`, and keeps
//! answering. Documents are drawn at random (fixed seed, bounded count) over the served
//! schema itself, read by introspection: root queries and mutations with random arguments
//! (valid, wrong-typed, out of range, NUL text, unknown enum values), random selections,
//! aliases and depths, some values passed as variables, and some documents cut short or
//! with a character dropped.

use crate::common;

use std::collections::HashMap;

use anyhow::{Context as _, Result, ensure};
use common::TestApp;
use serde_json::{Value, json};

const INTROSPECTION: &str = "{ __schema {
    queryType { name } mutationType { name }
    types { name kind enumValues { name } fields { name args { name type { ...Ref } } type { ...Ref } } }
} }
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";

/// How many random documents each viewer sends.
const CASES: usize = 150;

#[tokio::test]
async fn random_documents_and_variables_never_fail_the_server() -> Result<()> {
    let app = TestApp::spawn().await?;
    let ada = app.create_user("ada").await?;
    app.create_post(&ada, "hello", "public").await?;
    let schema = Schema::read(&app.query(None, INTROSPECTION, json!({})).await?)?;
    let mut rng = fastrand::Rng::with_seed(13);
    let mut statuses: HashMap<u16, usize> = HashMap::new();
    for viewer in [None, Some(ada.token.as_str())] {
        for _ in 0..CASES {
            let (mut document, variables) = schema.document(&mut rng);
            if rng.u8(..10) == 0 {
                // A document cut short or missing one character.
                let at = rng.usize(..document.len());
                if rng.bool() {
                    document.truncate(at);
                } else if document.is_char_boundary(at) && document.is_char_boundary(at + 1) {
                    document.remove(at);
                }
            }
            let (status, body) = app
                .post_graphql(viewer, &document, variables.clone())
                .await?;
            *statuses.entry(status).or_default() += 1;
            ensure!(
                status < 500,
                "HTTP {status} for {document} {variables}: {body}"
            );
            let internal = body["errors"].as_array().is_some_and(|errors| {
                errors
                    .iter()
                    .any(|error| error["extensions"]["code"] == "INTERNAL")
            });
            ensure!(!internal, "INTERNAL for {document} {variables}: {body}");
        }
    }
    // The draw reached the resolvers, not only the validator.
    ensure!(
        statuses.get(&200).copied().unwrap_or(0) > CASES / 2,
        "{statuses:?}"
    );
    let alive = app.query(None, "{ __typename }", json!({})).await?;
    ensure!(alive["__typename"] == "QueryRoot", "{alive}");
    Ok(())
}

/// The parts of the served schema a document is drawn from.
struct Schema {
    roots: Vec<(&'static str, Vec<Field>)>,
    objects: HashMap<String, Vec<Field>>,
    enums: HashMap<String, Vec<String>>,
}

#[derive(Clone)]
struct Field {
    name: String,
    args: Vec<(String, TypeRef)>,
    ty: TypeRef,
}

/// A type reference with its wrappers taken off: the named type, and whether the outer
/// type is non-null.
#[derive(Clone)]
struct TypeRef {
    kind: String,
    name: String,
    required: bool,
    list: bool,
}

impl TypeRef {
    fn read(value: &Value) -> Self {
        let required = value["kind"] == "NON_NULL";
        let mut inner = value;
        let mut list = false;
        while inner["name"].is_null() && !inner["ofType"].is_null() {
            list |= inner["kind"] == "LIST";
            inner = &inner["ofType"];
        }
        Self {
            kind: inner["kind"].as_str().unwrap_or_default().to_owned(),
            name: inner["name"].as_str().unwrap_or_default().to_owned(),
            required,
            list,
        }
    }
}

impl Schema {
    fn read(data: &Value) -> Result<Self> {
        let schema = &data["__schema"];
        let mut objects = HashMap::new();
        let mut enums = HashMap::new();
        for ty in schema["types"].as_array().context("no types")? {
            let name = ty["name"].as_str().unwrap_or_default().to_owned();
            if name.starts_with("__") {
                continue;
            }
            if let Some(values) = ty["enumValues"].as_array() {
                let values = values
                    .iter()
                    .filter_map(|v| v["name"].as_str())
                    .map(str::to_owned);
                enums.insert(name.clone(), values.collect());
            }
            if let Some(fields) = ty["fields"].as_array() {
                let fields = fields
                    .iter()
                    .map(|field| Field {
                        name: field["name"].as_str().unwrap_or_default().to_owned(),
                        args: field["args"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|arg| {
                                let name = arg["name"].as_str().unwrap_or_default().to_owned();
                                (name, TypeRef::read(&arg["type"]))
                            })
                            .collect(),
                        ty: TypeRef::read(&field["type"]),
                    })
                    .collect();
                objects.insert(name, fields);
            }
        }
        let root = |kind: &str| -> Result<Vec<Field>> {
            let name = schema[kind]["name"].as_str().context("no root")?;
            objects.get(name).cloned().context("root type missing")
        };
        Ok(Self {
            roots: vec![
                ("query", root("queryType")?),
                ("mutation", root("mutationType")?),
            ],
            objects,
            enums,
        })
    }

    /// A random operation and its variables.
    fn document(&self, rng: &mut fastrand::Rng) -> (String, Value) {
        // Mostly queries: a mutation is refused at once for most viewers and inputs.
        let (kind, fields) = &self.roots[usize::from(rng.u8(..4) == 0)];
        let mut variables = serde_json::Map::new();
        let mut definitions = Vec::new();
        let mut selections = Vec::new();
        for n in 0..rng.usize(1..=3) {
            let field = &fields[rng.usize(..fields.len())];
            let arguments = self.arguments(rng, field, &mut variables, &mut definitions);
            let selection = self.selection(rng, &field.ty, 0);
            selections.push(format!("f{n}: {}{arguments}{selection}", field.name));
        }
        let definitions = if definitions.is_empty() {
            String::new()
        } else {
            format!("({})", definitions.join(", "))
        };
        (
            format!("{kind}{definitions} {{ {} }}", selections.join(" ")),
            Value::Object(variables),
        )
    }

    fn arguments(
        &self,
        rng: &mut fastrand::Rng,
        field: &Field,
        variables: &mut serde_json::Map<String, Value>,
        definitions: &mut Vec<String>,
    ) -> String {
        let mut arguments = Vec::new();
        for (name, ty) in &field.args {
            if !ty.required && rng.bool() {
                continue;
            }
            let value = self.value(rng, ty);
            // Scalars are sometimes passed as variables, declared with their type.
            if ty.kind == "SCALAR" && !ty.list && rng.u8(..3) == 0 {
                let variable = format!("v{}", variables.len());
                let bang = if ty.required { "!" } else { "" };
                definitions.push(format!("${variable}: {}{bang}", ty.name));
                variables.insert(variable.clone(), self.json(rng, ty));
                arguments.push(format!("{name}: ${variable}"));
            } else {
                arguments.push(format!("{name}: {value}"));
            }
        }
        if arguments.is_empty() {
            String::new()
        } else {
            format!("({})", arguments.join(", "))
        }
    }

    /// A literal for an argument of type `ty`: usually a valid one, one time in five a
    /// wrong-typed, out-of-range or unstorable one.
    fn value(&self, rng: &mut fastrand::Rng, ty: &TypeRef) -> String {
        let valid = rng.u8(..5) != 0;
        let one = match ty.kind.as_str() {
            "ENUM" => match self.enums.get(&ty.name) {
                Some(values) if valid && !values.is_empty() => {
                    values[rng.usize(..values.len())].clone()
                }
                _ => "NO_SUCH_VALUE".to_owned(),
            },
            "INPUT_OBJECT" if valid => "{}".to_owned(),
            "INPUT_OBJECT" => ["{ and: [] }", "{ first: 1 }", "null"][rng.usize(..3)].to_owned(),
            _ => {
                let (good, bad): (&[&str], &[&str]) = match ty.name.as_str() {
                    "Int" => (
                        &["0", "1", "2", "5"],
                        &["-1", "2147483648", "100000", "\"5\""],
                    ),
                    "Float" => (&["0.5", "1"], &["-1e308", "\"x\""]),
                    "Boolean" => (&["true", "false"], &["1"]),
                    "UUID" => (
                        &["\"00000000-0000-0000-0000-000000000000\""],
                        &["\"nope\"", "1"],
                    ),
                    _ => (
                        &["\"rust\"", "\"é\"", "\"\""],
                        &["\"a\\u0000b\"", "3", "[\"x\"]"],
                    ),
                };
                let literals = if valid { good } else { bad };
                literals[rng.usize(..literals.len())].to_owned()
            }
        };
        if ty.list { format!("[{one}]") } else { one }
    }

    /// A JSON variable value for an argument of scalar type `ty`.
    fn json(&self, rng: &mut fastrand::Rng, ty: &TypeRef) -> Value {
        let values = match ty.name.as_str() {
            "Int" => vec![
                json!(3),
                json!(-5),
                json!(4_294_967_296_i64),
                json!("3"),
                Value::Null,
            ],
            "UUID" => vec![
                json!("00000000-0000-0000-0000-000000000000"),
                json!("x"),
                json!(7),
            ],
            _ => vec![
                json!("rust"),
                json!("nul\u{0}"),
                json!(""),
                json!([1]),
                json!({ "a": 1 }),
            ],
        };
        values[rng.usize(..values.len())].clone()
    }

    /// A selection for a field of type `ty`: nothing for a leaf, else one to three fields.
    fn selection(&self, rng: &mut fastrand::Rng, ty: &TypeRef, depth: usize) -> String {
        let Some(fields) = self.objects.get(&ty.name) else {
            return String::new();
        };
        let leaves: Vec<&Field> = fields
            .iter()
            .filter(|f| !self.objects.contains_key(&f.ty.name))
            .collect();
        let mut parts = vec!["__typename".to_owned()];
        for n in 0..rng.usize(1..=3) {
            let field = &fields[rng.usize(..fields.len())];
            let nested = self.objects.contains_key(&field.ty.name);
            if nested && depth >= 4 {
                if let Some(leaf) = leaves.first() {
                    parts.push(leaf.name.clone());
                }
                continue;
            }
            let mut arguments = Vec::new();
            for (name, ty) in &field.args {
                if ty.required || rng.u8(..4) == 0 {
                    arguments.push(format!("{name}: {}", self.value(rng, ty)));
                }
            }
            let arguments = if arguments.is_empty() {
                String::new()
            } else {
                format!("({})", arguments.join(", "))
            };
            let alias = if rng.u8(..4) == 0 {
                format!("a{n}: ")
            } else {
                String::new()
            };
            let inner = self.selection(rng, &field.ty, depth + 1);
            parts.push(format!("{alias}{}{arguments}{inner}", field.name));
        }
        format!(" {{ {} }}", parts.join(" "))
    }
}
