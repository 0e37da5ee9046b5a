{#- A stable text key from several columns (nulls count as empty). -#}
{% macro getty_key(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- The day statuses and alerts are computed for: var('as_of_date') or today. -#}
{% macro getty_as_of_date() -%}
    {%- if var('as_of_date') -%}
        cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
        current_date
    {%- endif -%}
{%- endmacro %}

{#- A SQL list of quoted text values from a list var, e.g. ('easyaccess'). -#}
{% macro getty_in_list(values) -%}
    {%- if values | length == 0 -%}(null){%- else -%}
    ({%- for value in values -%}'{{ value }}'{{ ", " if not loop.last }}{%- endfor -%})
    {%- endif -%}
{%- endmacro %}
