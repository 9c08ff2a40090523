//! `cargo xtask diff` on the two shared Plaid releases (1.635.2 -> 1.697.4).

use plaid_codegen::diff::{diff, Report, Weight};

fn report() -> Report {
    let old = plaid_codegen::build_model(&plaid_tests::read_spec("2020-09-14_1.635.2.yml")).unwrap().0;
    let new = plaid_codegen::build_model(&plaid_tests::read_spec("2020-09-14_1.697.4.yml")).unwrap().0;
    diff(&old, &new)
}

fn find<'a>(report: &'a Report, subject: &str, summary_part: &str) -> &'a plaid_codegen::diff::Change {
    report
        .changes
        .iter()
        .find(|c| c.subject == subject && c.summary.contains(summary_part))
        .unwrap_or_else(|| panic!("no change of {subject} containing {summary_part:?}"))
}

#[test]
fn third_party_token_changes_are_weighed() {
    let report = report();
    let user_token = find(&report, "types::UserThirdPartyTokenCreateRequest::user_token", "required -> optional");
    assert_eq!(user_token.weight, Weight::Breaking);
    assert_eq!(user_token.summary, "required -> optional (String -> Option<String>)");
    let user_id = find(&report, "types::UserThirdPartyTokenCreateRequest::user_id", "optional field added");
    assert_eq!(user_id.weight, Weight::Additive);
    assert_eq!(report.weight(), Some(Weight::Breaking));
    assert_eq!(report.bump(), "major (a minor bump while the crate is 0.x)");
}

#[test]
fn exactly_the_new_operations_are_reported_as_added() {
    let report = report();
    let mut added: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| {
            c.subject.starts_with("Client::") && c.summary.starts_with("operation `") && c.summary.contains("` added")
        })
        .map(|c| c.summary.split('`').nth(1).unwrap())
        .collect();
    added.sort_unstable();
    assert_eq!(
        added,
        [
            "assetReportAuditCopyPdfGet",
            "authVerify",
            "betaEwaReportV1Get",
            "betaPartnerCustomerV1Create",
            "betaPartnerCustomerV1Enable",
            "betaPartnerCustomerV1Get",
            "betaPartnerCustomerV1Update",
            "businessVerificationCreate",
            "businessVerificationGet",
            "cashflowReportInsightsGet",
            "cashflowReportTransactionsGet",
            "craCheckReportLendScoreGet",
            "craCheckReportVerificationPdfGet",
            "craCreditProfileReportGet",
            "fdxConsentGet",
            "itemProductsTerminate",
            "processorInvestmentsAuthGet",
            "protectCompute",
            "protectEventGet",
            "protectEventSend",
            "protectReportCreate",
            "protectUserInsightsGet",
            "sandboxItemApplicationSeed",
            "sandboxTransactionsCreate",
            "transferLedgerEventList",
            "userAccountSessionEventSend",
            "userFinancialDataRefresh",
            "userGet",
            "userIdentityRemove",
            "userItemsAssociate",
            "userItemsRemove",
            "userProductsTerminate",
            "userTransactionsRefresh",
        ]
    );
    assert!(report.changes.iter().all(|c| !c.summary.starts_with("operation `") || c.weight != Weight::Documentation));
    let removed = find(&report, "Client::network_insights_report_get", "removed");
    assert_eq!(removed.weight, Weight::Breaking);
}

#[test]
fn every_format_carries_the_same_changes() {
    let report = report();
    let text = report.to_text();
    assert!(text.starts_with("2020-09-14_1.635.2 -> 2020-09-14_1.697.4: "));
    assert_eq!(text.lines().count(), report.changes.len() + 1);
    let markdown = report.to_markdown();
    assert!(markdown.starts_with("## Spec 2020-09-14_1.697.4 (from 2020-09-14_1.635.2)"));
    let breaking = markdown.find("### Breaking changes").unwrap();
    let additions = markdown.find("### Additions").unwrap();
    let user_token =
        markdown.find("- `types::UserThirdPartyTokenCreateRequest::user_token`: required -> optional").unwrap();
    assert!(breaking < user_token && user_token < additions, "listed under breaking changes");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["weight"], "breaking");
    assert_eq!(json["changes"].as_array().unwrap().len(), report.changes.len());
    assert_eq!(json["old_version"], "2020-09-14_1.635.2");
}

#[test]
fn diffing_a_release_with_itself_finds_nothing() {
    let api = plaid_codegen::build_model(&plaid_tests::read_spec("2020-09-14_1.697.4.yml")).unwrap().0;
    let report = diff(&api, &api);
    assert!(report.changes.is_empty());
    assert_eq!(report.bump(), "none");
}
