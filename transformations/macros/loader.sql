{#- Loader flavours: what the raw tables look like depends on who wrote them. Only the
    base_getty__* models call these macros; everything above them is loader-agnostic. -#}

{% macro getty_loader() %}
    {%- set loader = var('getty_loader') -%}
    {%- if loader not in ('airbyte', 'singer') -%}
        {{ exceptions.raise_compiler_error(
            "var 'getty_loader' is '" ~ loader ~ "': set it to 'airbyte' (PyAirbyte caches, "
            ~ "Airbyte destinations) or 'singer' (Singer targets such as target-postgres)") }}
    {%- endif -%}
    {{ return(loader) }}
{% endmacro %}

{#- When the loader extracted the record, as a UTC timestamp. -#}
{% macro getty_loaded_at() %}
    {%- if getty_loader() == 'airbyte' -%}
        {{ getty_timestamp('_airbyte_extracted_at') }}
    {%- else -%}
        {{ getty_timestamp('coalesce(_sdc_extracted_at, _sdc_batched_at)') }}
    {%- endif -%}
{% endmacro %}

{#- A tie-breaker between records extracted at the same instant (text, sortable). -#}
{% macro getty_record_order() %}
    {%- if getty_loader() == 'airbyte' -%}
        cast(_airbyte_raw_id as {{ dbt.type_string() }})
    {%- else -%}
        lpad(cast(coalesce(_sdc_sequence, 0) as {{ dbt.type_string() }}), 20, '0')
    {%- endif -%}
{% endmacro %}

{#- True for records the loader has not marked deleted. -#}
{% macro getty_is_live() %}
    {%- if getty_loader() == 'airbyte' -%}
        1 = 1
    {%- else -%}
        _sdc_deleted_at is null
    {%- endif -%}
{% endmacro %}

{#- A Getty date-time (ISO 8601 text, timestamp or timestamp with time zone, depending on
    the loader) as a timestamp without time zone in UTC. Singer targets store UTC wall
    time already; Airbyte stores time zone aware values. -#}
{% macro getty_timestamp(expression) %}
    {%- if getty_loader() == 'singer' -%}
        cast({{ expression }} as {{ dbt.type_timestamp() }})
    {%- else -%}
        cast(cast({{ expression }} as timestamp with time zone) at time zone 'UTC'
            as {{ dbt.type_timestamp() }})
    {%- endif -%}
{% endmacro %}

{#- Trimmed text, null when empty. -#}
{% macro getty_text(expression) %}
    nullif(trim(cast({{ expression }} as {{ dbt.type_string() }})), '')
{%- endmacro %}
