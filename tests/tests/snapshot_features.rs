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
