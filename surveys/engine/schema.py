"""The JSON schema every instrument file must satisfy (checked on load).

Structural rules live here; rules that need the whole file (references between
items and scales, band order, the declared score range) are checked in `loader`.
"""

TEXT = {
    "type": "object",
    "required": ["en", "nl", "da"],
    "properties": {lang: {"type": "string", "minLength": 1} for lang in ("en", "nl", "da")},
    "additionalProperties": False,
}
KEY = {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,39}$"}
NUMBER_OR_PARAMETER = {
    "oneOf": [
        {"type": "number"},
        {
            "type": "object",
            "required": ["parameter"],
            "properties": {"parameter": KEY},
            "additionalProperties": False,
        },
    ]
}

INSTRUMENT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [
        "key",
        "version",
        "name",
        "short_name",
        "purpose",
        "minutes",
        "instructions",
        "licence",
        "source",
        "translations",
        "answer_scales",
        "items",
        "scales",
        "statistics_scale",
    ],
    "additionalProperties": False,
    # Keys starting with "x-" hold shared YAML anchors (e.g. bands used by several scales).
    "patternProperties": {"^x-": {}},
    "properties": {
        "key": KEY,
        "version": {"type": "string", "minLength": 1},
        "order": {"type": "integer"},
        "audience": {"enum": ["anyone", "after_incident"]},
        "name": TEXT,
        "short_name": {"type": "string", "minLength": 1},
        "purpose": TEXT,
        "description": TEXT,
        "minutes": {"type": "integer", "minimum": 1, "maximum": 60},
        "instructions": TEXT,
        "licence": {"type": "string", "minLength": 1},
        "source": {"type": "string", "minLength": 1},
        "translations": {
            "type": "object",
            "required": ["en", "nl", "da"],
            "additionalProperties": False,
            "properties": {
                lang: {
                    "type": "object",
                    "required": ["validated"],
                    "additionalProperties": False,
                    "properties": {
                        "validated": {"type": "boolean"},
                        "source": {"type": "string"},
                        "note": {"type": "string"},
                    },
                }
                for lang in ("en", "nl", "da")
            },
        },
        "parameters": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["default", "min", "max"],
                "additionalProperties": False,
                "properties": {
                    "default": {"type": "number"},
                    "min": {"type": "number"},
                    "max": {"type": "number"},
                    "setting": {"type": "string"},
                },
            },
        },
        "answer_scales": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "array",
                "minItems": 2,
                "items": {
                    "type": "object",
                    "required": ["value", "label"],
                    "additionalProperties": False,
                    "properties": {"value": {"type": "number"}, "label": TEXT},
                },
            },
        },
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "text", "answers"],
                "additionalProperties": False,
                "properties": {
                    "key": KEY,
                    "text": TEXT,
                    "answers": KEY,
                    "reversed": {"type": "boolean"},
                    "required": {"type": "boolean"},
                    "scored": {"type": "boolean"},
                },
            },
        },
        "scales": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "label", "items", "method", "range"],
                "additionalProperties": False,
                "properties": {
                    "key": KEY,
                    "label": TEXT,
                    "description": TEXT,
                    "items": {"type": "array", "minItems": 1, "items": KEY, "uniqueItems": True},
                    "method": {"enum": ["sum", "mean"]},
                    "multiplier": {"type": "number", "exclusiveMinimum": 0},
                    "min_answered": {"type": "integer", "minimum": 1},
                    "min_answered_fraction": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                    "decimals": {"type": "integer", "minimum": 0, "maximum": 2},
                    "range": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
                    "bands": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "from", "label", "meaning", "advice"],
                            "additionalProperties": False,
                            "properties": {
                                "key": KEY,
                                "from": NUMBER_OR_PARAMETER,
                                "label": TEXT,
                                "meaning": TEXT,
                                "advice": TEXT,
                                "crisis": {"type": "boolean"},
                                "level": {"type": "integer", "minimum": 0, "maximum": 3},
                            },
                        },
                    },
                },
            },
        },
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "kind", "when"],
                "additionalProperties": False,
                "properties": {
                    "key": KEY,
                    "kind": {"enum": ["crisis", "pattern"]},
                    "label": TEXT,
                    "meaning": TEXT,
                    "when": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["items", "at_least"],
                            "additionalProperties": False,
                            "properties": {
                                "items": {"type": "array", "minItems": 1, "items": KEY},
                                "at_least": {"type": "number"},
                                "count": {"type": "integer", "minimum": 1},
                            },
                        },
                    },
                },
            },
        },
        "statistics_scale": KEY,
    },
}
