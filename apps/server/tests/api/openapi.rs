//! The OpenAPI document covers every route, and the docs page works offline.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_routed_endpoint_is_in_the_openapi_document() {
    let app = TestApp::embedded().await;
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let endpoints = mentor_server::http::endpoints();
    assert!(endpoints.len() >= 17);
    for endpoint in endpoints {
        let method = endpoint.method.as_str().to_lowercase();
        let operation = &doc["paths"][endpoint.path][&method];
        assert!(
            operation.is_object(),
            "{} {} is missing from the OpenAPI document",
            endpoint.method,
            endpoint.path
        );
        for (status, response) in operation["responses"].as_object().unwrap() {
            if status.starts_with('4') || status.starts_with('5') {
                assert!(
                    response["content"]["application/problem+json"].is_object(),
                    "{} {} documents {status} without a problem body",
                    endpoint.method,
                    endpoint.path
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_docs_page_is_served_without_the_internet() {
    let app = TestApp::embedded().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client.get(app.url("/docs")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    let page = client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(
        !html.contains("https://"),
        "the page loads nothing from the internet: {html}"
    );
    let config = client
        .get(app.url("/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(config.status(), StatusCode::OK);
    assert!(
        config
            .text()
            .await
            .unwrap()
            .contains("/api/v1/openapi.json")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documentation_can_be_turned_off() {
    let app = TestApp::embedded_with(|raw| raw.docs.enabled = false, |_| {}).await;
    let res = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    let res = reqwest::get(app.url("/docs/")).await.unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
}
