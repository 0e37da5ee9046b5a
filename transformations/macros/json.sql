{#- Portable access to the nested JSON that loaders keep as JSON/JSONB columns (Singer's
    target-postgres keeps top-level arrays as jsonb[]). Implemented for DuckDB and
    PostgreSQL; other warehouses need their own `<adapter>__getty_*` macros. -#}

{% macro _getty_unsupported(name) %}
    {{ exceptions.raise_compiler_error(
        name ~ " has no implementation for adapter '" ~ adapter.type() ~ "': add a macro "
        ~ adapter.type() ~ "__" ~ name ~ " in macros/json.sql") }}
{% endmacro %}

{#- A raw column as a JSON value. -#}
{% macro getty_json(column) %}
    {{- return(adapter.dispatch('getty_json', 'getty_images')(column)) -}}
{% endmacro %}
{% macro default__getty_json(column) %}{{ _getty_unsupported('getty_json') }}{% endmacro %}
{% macro duckdb__getty_json(column) %}cast({{ column }} as json){% endmacro %}
{% macro postgres__getty_json(column) %}to_jsonb({{ column }}){% endmacro %}

{#- The text at a path of keys (a list) inside a JSON value; null where absent. -#}
{% macro getty_json_text(json, path) %}
    {{- return(adapter.dispatch('getty_json_text', 'getty_images')(json, path)) -}}
{% endmacro %}
{% macro default__getty_json_text(json, path) %}
    {{ _getty_unsupported('getty_json_text') }}
{% endmacro %}
{% macro duckdb__getty_json_text(json, path) -%}
    json_extract_string({{ json }}, '$.{{ path | join(".") }}')
{%- endmacro %}
{% macro postgres__getty_json_text(json, path) -%}
    ({{ json }} #>> '{ {{- path | join(",") -}} }')
{%- endmacro %}

{#- The elements of the JSON array at `path` (a list, empty for the value itself) joined
    with `separator`; with `field`, that field of each element (an array of objects). -#}
{% macro getty_json_join(json, path, separator, field=none) %}
    {{- return(adapter.dispatch('getty_json_join', 'getty_images')(json, path, separator, field)) -}}
{% endmacro %}
{% macro default__getty_json_join(json, path, separator, field) %}
    {{ _getty_unsupported('getty_json_join') }}
{% endmacro %}
{% macro duckdb__getty_json_join(json, path, separator, field) -%}
    {%- set json_path = (['$'] + path) | join('.') ~ '[*]' ~ ('.' ~ field if field else '') -%}
    nullif(array_to_string(json_extract_string({{ json }}, '{{ json_path }}'), '{{ separator }}'), '')
{%- endmacro %}
{% macro postgres__getty_json_join(json, path, separator, field) -%}
    {%- set array = '(' ~ json ~ " #> '{" ~ (path | join(',')) ~ "}')" -%}
    (
        select nullif(string_agg(element.value {{ "->> '" ~ field ~ "'" if field else "#>> '{}'" }}, '{{ separator }}' order by element.position), '')
        from jsonb_array_elements(
            case when jsonb_typeof({{ array }}) = 'array' then {{ array }} else '[]'::jsonb end
        ) with ordinality as element (value, position)
    )
{%- endmacro %}

{#- One row per element of a JSON array of objects: that element's `field` as text. A
    set-returning expression for a select list. -#}
{% macro getty_json_unnest(json, field) %}
    {{- return(adapter.dispatch('getty_json_unnest', 'getty_images')(json, field)) -}}
{% endmacro %}
{% macro default__getty_json_unnest(json, field) %}
    {{ _getty_unsupported('getty_json_unnest') }}
{% endmacro %}
{% macro duckdb__getty_json_unnest(json, field) -%}
    unnest(json_extract_string({{ json }}, '$[*].{{ field }}'))
{%- endmacro %}
{% macro postgres__getty_json_unnest(json, field) -%}
    jsonb_array_elements(
        case when jsonb_typeof({{ json }}) = 'array' then {{ json }} else '[]'::jsonb end
    ) ->> '{{ field }}'
{%- endmacro %}

{#- The strings of the JSON array at `path` (or each element's `field`) as JSON array text,
    e.g. '["a","b"]'; null where absent. -#}
{% macro getty_json_strings(json, path, field=none) %}
    {{- return(adapter.dispatch('getty_json_strings', 'getty_images')(json, path, field)) -}}
{% endmacro %}
{% macro default__getty_json_strings(json, path, field) %}
    {{ _getty_unsupported('getty_json_strings') }}
{% endmacro %}
{% macro duckdb__getty_json_strings(json, path, field) -%}
    {%- set json_path = (['$'] + path) | join('.') ~ '[*]' ~ ('.' ~ field if field else '') -%}
    cast(to_json(json_extract_string({{ json }}, '{{ json_path }}')) as varchar)
{%- endmacro %}
{% macro postgres__getty_json_strings(json, path, field) -%}
    {%- set array = '(' ~ json ~ " #> '{" ~ (path | join(',')) ~ "}')" -%}
    (
        select cast(coalesce(jsonb_agg(element.value {{ "-> '" ~ field ~ "'" if field else "" }} order by element.position), '[]'::jsonb) as text)
        from jsonb_array_elements(
            case when jsonb_typeof({{ array }}) = 'array' then {{ array }} else '[]'::jsonb end
        ) with ordinality as element (value, position)
        where jsonb_typeof({{ array }}) = 'array'
    )
{%- endmacro %}

{#- From a JSON array of objects, the `field` of the first element whose `key` is `value`. -#}
{% macro getty_json_pick(json, key, value, field) %}
    {{- return(adapter.dispatch('getty_json_pick', 'getty_images')(json, key, value, field)) -}}
{% endmacro %}
{% macro default__getty_json_pick(json, key, value, field) %}
    {{ _getty_unsupported('getty_json_pick') }}
{% endmacro %}
{% macro duckdb__getty_json_pick(json, key, value, field) -%}
    json_extract_string(
        list_filter(
            cast(json_extract({{ json }}, '$[*]') as json[]),
            lambda element: json_extract_string(element, '$.{{ key }}') = '{{ value }}'
        )[1],
        '$.{{ field }}'
    )
{%- endmacro %}
{% macro postgres__getty_json_pick(json, key, value, field) -%}
    (
        select element ->> '{{ field }}'
        from jsonb_array_elements(
            case when jsonb_typeof({{ json }}) = 'array' then {{ json }} else '[]'::jsonb end
        ) as element
        where element ->> '{{ key }}' = '{{ value }}'
        limit 1
    )
{%- endmacro %}
