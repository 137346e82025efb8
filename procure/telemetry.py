"""OpenTelemetry traces and JSON logs carrying the trace id.

Each service gets its own tracer provider (its own `service.name`), so that several
services can share one process in one-process mode and still be told apart.
"""
from __future__ import annotations

import logging
import os
import sys

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanProcessor

_extra_processors: list[SpanProcessor] = []


def add_span_processor_to_new_providers(processor: SpanProcessor) -> None:
    """Lets tests collect the spans of every service started afterwards."""
    _extra_processors.append(processor)


def tracer_provider_for(service_name: str) -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({"service.name": f"procure-{service_name}"}))
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    for processor in _extra_processors:
        provider.add_span_processor(processor)
    return provider


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None


class _TraceContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        record.trace_id = format(context.trace_id, "032x") if context.is_valid else None
        record.span_id = format(context.span_id, "016x") if context.is_valid else None
        return True


def configure_logging(level: str = "INFO", log_format: str = "json") -> None:
    """One handler on the root logger, JSON by default, with trace and span ids."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        from pythonjsonlogger.json import JsonFormatter
        handler.setFormatter(JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(trace_id)s %(span_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
    else:
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s [trace=%(trace_id)s] %(message)s"))
    handler.addFilter(_TraceContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
