{#- Integer division rounding toward minus infinity, for non-negative integers. -#}
{% macro getty_int_div(dividend, divisor) %}
    {{- return(adapter.dispatch('getty_int_div', 'getty_images')(dividend, divisor)) -}}
{% endmacro %}
{% macro default__getty_int_div(dividend, divisor) -%}
    floor(({{ dividend }}) / ({{ divisor }}))
{%- endmacro %}
{% macro duckdb__getty_int_div(dividend, divisor) -%}
    (({{ dividend }}) // ({{ divisor }}))
{%- endmacro %}
{% macro postgres__getty_int_div(dividend, divisor) -%}
    div(({{ dividend }}), ({{ divisor }}))
{%- endmacro %}

{#- The money type every amount uses. -#}
{% macro getty_money_type() %}decimal(18, 4){% endmacro %}
