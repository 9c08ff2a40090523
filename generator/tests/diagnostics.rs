//! Bad specs get specific errors (or warnings) that name the JSON pointer of the problem.

use plaid_codegen::{build_model, Diagnostic, Severity};

/// A valid spec with one operation, to which each test adds its defect.
fn spec(schemas: &str) -> String {
    format!(
        r#"openapi: 3.0.0
info: {{title: T, version: 2020-09-14_1.0.0}}
paths:
  /thing/get:
    post:
      operationId: thingGet
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Thing'}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Thing'}}
components:
  schemas:
{schemas}"#
    )
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match build_model(text) {
        Ok((_, warnings)) => panic!("expected an error; got a model with warnings {warnings:?}"),
        Err(failure) => failure.diagnostics.into_iter().filter(|d| d.severity == Severity::Error).collect(),
    }
}

fn warnings(text: &str) -> Vec<Diagnostic> {
    match build_model(text) {
        Ok((_, warnings)) => warnings,
        Err(failure) => panic!("expected success, got {failure}"),
    }
}

fn assert_one(diagnostics: &[Diagnostic], pointer: &str, message_part: &str) {
    assert!(
        diagnostics.iter().any(|d| d.pointer == pointer && d.message.contains(message_part)),
        "no diagnostic at {pointer} containing {message_part:?} in {diagnostics:#?}"
    );
}

#[test]
fn dangling_ref() {
    let text =
        spec("    Thing:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/Missing'}\n");
    assert_one(&errors(&text), "#/components/schemas/Thing/properties/a", "dangling $ref: no schema `Missing`");
}

#[test]
fn ref_cycle_through_aliases() {
    let text = spec(
        "    Thing:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/A'}\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n",
    );
    let errs = errors(&text);
    assert!(errs.iter().any(|d| d.message.contains("$ref cycle")), "{errs:#?}");
}

#[test]
fn recursive_objects_are_boxed() {
    let text = spec(
        "    Thing:\n      type: object\n      required: [next]\n      properties:\n        next: {$ref: '#/components/schemas/Other'}\n    Other:\n      type: object\n      required: [back]\n      properties:\n        back: {$ref: '#/components/schemas/Thing'}\n        many:\n          type: array\n          items: {$ref: '#/components/schemas/Thing'}\n",
    );
    let (api, _) = build_model(&text).unwrap();
    let plaid_codegen::model::TypeKind::Struct(thing) = &api.types["Thing"].kind else { panic!() };
    assert!(thing.fields[0].boxed, "Thing.next is boxed");
    let plaid_codegen::model::TypeKind::Struct(other) = &api.types["Other"].kind else { panic!() };
    assert!(other.fields[0].boxed, "Other.back is boxed");
    assert!(!other.fields[1].boxed, "a Vec is already indirect");
}

#[test]
fn scalar_merged_into_object_by_all_of() {
    let text = spec(
        "    Thing:\n      allOf:\n      - type: object\n        properties:\n          a: {type: string}\n      - type: object\n        properties:\n          b: {type: string}\n      - type: integer\n",
    );
    assert_one(&errors(&text), "#/components/schemas/Thing/allOf/2", "cannot be merged into an object");
}

#[test]
fn invalid_yaml_names_the_line() {
    let errs = errors("openapi: 3.0.0\ninfo: [unclosed\n");
    assert!(errs[0].message.contains("invalid YAML at line"), "{errs:#?}");
}

#[test]
fn missing_paths() {
    assert_one(&errors("openapi: 3.0.0\ninfo: {title: T, version: '1'}\n"), "#/paths", "missing `paths`");
}

#[test]
fn openapi_31_and_swagger_2_are_refused() {
    assert_one(
        &errors("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"),
        "#/openapi",
        "3.1.0 is not supported",
    );
    assert_one(&errors("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n"), "#/swagger", "Swagger");
}

#[test]
fn wrong_value_type_names_its_location() {
    let text = spec(
        "    Thing:\n      type: object\n      required: not-a-list\n      properties:\n        a: {type: string}\n",
    );
    let errs = errors(&text);
    assert!(errs[0].pointer.starts_with("#/components/schemas/Thing"), "{errs:#?}");
    assert!(errs[0].message.contains("not a valid OpenAPI 3.0 document"), "{errs:#?}");
}

#[test]
fn duplicate_operation_ids() {
    let text = spec("    Thing:\n      type: object\n").replace(
        "components:",
        "  /thing/other:\n    post:\n      operationId: thingGet\n      responses:\n        \"200\": {description: OK}\ncomponents:",
    );
    assert_one(&errors(&text), "#/paths/~1thing~1other/post/operationId", "duplicate operationId `thingGet`");
}

#[test]
fn names_colliding_after_casing_are_renamed_with_a_warning() {
    let text = spec("    Thing:\n      type: object\n    THING:\n      type: object\n      properties:\n        a: {type: string}\n        A: {type: string}\n");
    let warns = warnings(&text);
    assert_one(&warns, "#/components/schemas/Thing", "is already taken; this schema is named `Thing2`");
    let (api, _) = build_model(&text).unwrap();
    let plaid_codegen::model::TypeKind::Struct(s) = &api.types["Thing"].kind else { panic!() };
    let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a", "a2"]);
}

#[test]
fn one_of_any_of_not_are_reported_as_unsupported() {
    for construct in ["oneOf", "anyOf"] {
        let text = spec(&format!(
            "    Thing:\n      type: object\n      properties:\n        a:\n          {construct}:\n          - type: string\n          - type: integer\n"
        ));
        assert_one(
            &warnings(&text),
            "#/components/schemas/Thing/properties/a",
            &format!("`{construct}` is not supported"),
        );
    }
    let text = spec("    Thing:\n      type: object\n      properties:\n        a:\n          not: {type: string}\n");
    assert_one(&warnings(&text), "#/components/schemas/Thing/properties/a", "`not` is not supported");
}

#[test]
fn undeclared_path_parameter() {
    let text = spec("    Thing:\n      type: object\n").replace("/thing/get:", "/thing/{id}:");
    assert_one(&errors(&text), "#/paths/~1thing~1{id}/post", "path parameter `{id}` is not declared");
}
