//! Logs and traces: `tracing` to standard error, filtered by `RUST_LOG` (default `info`), and,
//! when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, OpenTelemetry traces over OTLP/HTTP.
//!
//! Spans enter through `tracing`: the HTTP layer opens one per GraphQL request
//! (`graphql.request`), the realtime hub one per event fan-out (`realtime.fan_out`). SQL
//! statements are timed after the fact (by SeaORM for the pools, by the request
//! transaction for a request's own), so [`statement_span`] writes them
//! straight to the OpenTelemetry tracer under the request's span. They leave through the
//! OTLP exporter's batch thread.
//!
//! With no endpoint there is no OpenTelemetry layer at all, and the spans are at `DEBUG`,
//! which the default log filter disables: they cost a disabled callsite check. What a span
//! records is chosen so no secret can reach it: the operation's name and type, never its
//! document or variables (an argument such as `password` may be written inline as well as
//! in a variable), and a statement's text, whose values are always bound, never the values.

use opentelemetry::trace::{Span as _, SpanKind, Status, TraceContextExt as _, Tracer as _};
use opentelemetry::{KeyValue, global};
use opentelemetry_otlp::WithExportConfig as _;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing::Subscriber;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer, filter};

use crate::config::TelemetryConfig;

/// The instrumentation scope of Switchyard's spans.
const SCOPE: &str = "switchyard";

/// Why traces could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    /// The OTLP exporter refused its configuration (an endpoint that is not a URL).
    #[error("OTLP exporter: {0}")]
    Exporter(#[from] opentelemetry_otlp::ExporterBuildError),
}

/// Flushes and stops the trace exporter when dropped, so the last spans leave before the
/// process exits.
#[must_use = "traces stop being exported when the guard is dropped"]
pub struct TelemetryGuard(Option<SdkTracerProvider>);

impl Drop for TelemetryGuard {
    fn drop(&mut self) {
        if let Some(provider) = self.0.take()
            && let Err(error) = provider.shutdown()
        {
            eprintln!("stopping the trace exporter failed: {error}");
        }
    }
}

/// Installs the global subscriber: logs, and traces when `config` names an OTLP endpoint.
pub fn init(config: &TelemetryConfig) -> Result<TelemetryGuard, TelemetryError> {
    let provider = config
        .otlp_endpoint
        .as_deref()
        .map(|endpoint| otlp_provider(endpoint, &config.service_name))
        .transpose()?;
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let _ = tracing_subscriber::registry()
        .with(fmt.with_filter(log_filter()))
        .with(provider.as_ref().map(trace_layer))
        .try_init();
    Ok(TelemetryGuard(provider))
}

/// The exporter and provider for OTLP/HTTP at `endpoint`, also made the global provider
/// that [`statement_span`] writes to.
fn otlp_provider(endpoint: &str, service_name: &str) -> Result<SdkTracerProvider, TelemetryError> {
    // The variable names the collector's base URL; OTLP/HTTP posts traces under
    // `/v1/traces` of it (an endpoint given in code is taken as the full URL).
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_endpoint(format!("{}/v1/traces", endpoint.trim_end_matches('/')))
        .build()?;
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(
            opentelemetry_sdk::Resource::builder()
                .with_service_name(service_name.to_owned())
                .build(),
        )
        .build();
    global::set_tracer_provider(provider.clone());
    Ok(provider)
}

/// The OpenTelemetry layer over `provider`, taking Switchyard's own spans and its warnings
/// and errors (as span events). Other crates' spans stay out: SeaORM's record a statement's
/// bound values.
pub fn trace_layer<S>(provider: &SdkTracerProvider) -> impl Layer<S> + use<S>
where
    S: Subscriber + for<'span> LookupSpan<'span>,
{
    use opentelemetry::trace::TracerProvider as _;
    tracing_opentelemetry::layer()
        .with_tracer(provider.tracer(SCOPE))
        .with_filter(filter::filter_fn(|metadata| {
            metadata.target().starts_with(SCOPE)
                && (metadata.is_span() || *metadata.level() <= tracing::Level::WARN)
        }))
}

/// Like [`init`] without traces, but writes through the test harness, which shows a test's
/// server logs only when that test fails.
pub fn init_for_tests() {
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_test_writer()
                .with_filter(log_filter()),
        )
        .try_init();
}

/// The subscriber a trace test installs for its own thread: the test writer's logs and the
/// production [`trace_layer`] over `provider` (an in-memory exporter's). The test also makes
/// `provider` the global one, which [`statement_span`] writes to.
pub fn test_subscriber(provider: &SdkTracerProvider) -> impl Subscriber + Send + Sync + use<> {
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_test_writer()
                .with_filter(log_filter()),
        )
        .with(trace_layer(provider))
}

fn log_filter() -> EnvFilter {
    EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"))
}

/// Records one SQL statement that took `elapsed` up to now as a child of the current span.
/// A statement is reported once it is over, too late to open a `tracing` span around it,
/// so the span is written to the OpenTelemetry tracer with its real start time. Nothing is
/// written outside a traced request (no parent), which also keeps it free when tracing is
/// off.
pub fn statement_span(sql: &str, elapsed: std::time::Duration, failed: bool) {
    let parent = tracing::Span::current().context();
    if !parent.has_active_span() {
        return;
    }
    let end = std::time::SystemTime::now();
    let tracer = global::tracer(SCOPE);
    let mut span = tracer
        .span_builder("sql")
        .with_kind(SpanKind::Client)
        .with_start_time(end.checked_sub(elapsed).unwrap_or(end))
        .with_attributes([
            KeyValue::new("db.system.name", "postgresql"),
            KeyValue::new("db.query.text", sql.to_owned()),
        ])
        .start_with_context(&tracer, &parent);
    if failed {
        span.set_status(Status::error("the statement failed"));
    }
    span.end_with_timestamp(end);
}
