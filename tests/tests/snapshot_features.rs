//! The snapshot spec's client, compiled and exercised: keyword fields, enums with odd values,
//! required nullable fields, maps and unknown properties.

use plaid_tests::snapshot_features::types::{Kind, Widget};
use serde_json::json;

#[test]
fn widget_round_trips_with_keywords_nulls_and_unknown_fields() {
    let input = json!({
        "id": "w-1",
        "type": "401k",
        "owner": null,
        "labels": {"b": "2", "a": "1"},
        "extra": [1, {"x": null}],
        "parent": {"id": "w-0", "type": "something-new", "owner": {"name": "Ada"}},
        "created": null,
        "from_the_future": true
    });
    let widget: Widget = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(widget.r#type, Some(Kind::Value401k));
    assert_eq!(widget.owner, None);
    let parent = widget.parent.as_ref().unwrap();
    assert_eq!(parent.r#type, Some(Kind::UnknownValue("something-new".into())));
    assert_eq!(parent.owner.as_ref().unwrap().name.as_deref(), Some("Ada"));
    assert_eq!(widget.additional_properties["from_the_future"], json!(true));

    let output = serde_json::to_value(&widget).unwrap();
    assert_eq!(output["owner"], json!(null), "required nullable: kept as null");
    assert!(output.get("created").is_none(), "optional nullable None: left out");
    assert_eq!(output["type"], json!("401k"));
    assert_eq!(output["parent"]["type"], json!("something-new"));
    assert_eq!(output["from_the_future"], json!(true));
    assert_eq!(output["labels"], input["labels"]);
}

#[test]
fn absent_required_nullable_fields_decode_as_none_but_absent_required_ones_fail() {
    // `type` and `owner` are required but nullable; `id` is required and not nullable.
    assert!(serde_json::from_value::<Widget>(json!({"id": "w"})).is_ok());
    let err = serde_json::from_value::<Widget>(json!({"type": null, "owner": null})).unwrap_err();
    assert!(err.to_string().contains("missing field `id`"), "{err}");
}

// The generated types decode through `wire.rs` rather than serde's derive; these pin the
// behaviours the derive gave for free.

#[test]
fn encoding_writes_described_properties_in_spec_order_then_unknown_ones() {
    let text = r#"{"zzz":1,"type":"401k","id":"w","owner":null,"aaa":"x"}"#;
    let widget: Widget = serde_json::from_str(text).unwrap();
    let encoded = serde_json::to_string(&widget).unwrap();
    // The unknown ones follow in the map's order, which is insertion order when some crate in
    // the build turns on serde_json's `preserve_order`, and sorted otherwise.
    let (described, unknown) = encoded.split_at(r#"{"id":"w","type":"401k","owner":null,"#.len());
    assert_eq!(described, r#"{"id":"w","type":"401k","owner":null,"#, "{encoded}");
    assert!(unknown == r#""zzz":1,"aaa":"x"}"# || unknown == r#""aaa":"x","zzz":1}"#, "{encoded}");
}

#[test]
fn a_property_given_twice_is_an_error_naming_it() {
    let err = serde_json::from_str::<Widget>(r#"{"id":"a","owner":null,"id":"b"}"#).unwrap_err();
    assert!(err.to_string().contains("duplicate field `id`"), "{err}");
}

#[test]
fn escaped_names_and_reader_input_decode_like_borrowed_ones() {
    // `\u0069d` is `id`: the name cannot be borrowed from the input and is decoded into a copy.
    let text = r#"{"\u0069d":"w","type":"sm\u0061ll","owner":null,"n\u00e9w":1}"#;
    let from_str: Widget = serde_json::from_str(text).unwrap();
    let from_reader: Widget = serde_json::from_reader(std::io::Cursor::new(text.as_bytes())).unwrap();
    assert_eq!(from_str, from_reader);
    assert_eq!(from_str.id, "w");
    assert_eq!(from_str.r#type.as_ref().map(Kind::as_str), Some("small"));
    assert_eq!(from_str.additional_properties["néw"], json!(1));
}

#[test]
fn a_value_of_the_wrong_shape_says_what_was_expected() {
    let err = serde_json::from_str::<Widget>(r#"["w"]"#).unwrap_err();
    assert!(err.to_string().contains("a Widget object"), "{err}");
    let err = serde_json::from_str::<Widget>(r#"{"id":7,"owner":null}"#).unwrap_err();
    assert!(err.to_string().contains("expected a string"), "{err}");
    let err = serde_json::from_str::<Widget>(r#"{"id":"w","type":3,"owner":null}"#).unwrap_err();
    assert!(err.to_string().contains("a string"), "{err}");
}
