{#- A program record's id, `<program>:<client_id>`: the key matching and linkage.* use. -#}
{% macro record_id(program, client_id) -%}
    {{ program }} || ':' || {{ client_id }}
{%- endmacro %}

{#- An enrollment spell: the record, and the DCFS case or FEP household it is in where it has one. -#}
{% macro spell_id(program, client_id, group_id) -%}
    {{ record_id(program, client_id) }} || coalesce(':' || {{ group_id }}, '')
{%- endmacro %}

{#- An applicant's record id, `<program>:application:<application_id>`: a roster's client id
    never holds a colon, so it cannot meet a record's. -#}
{% macro applicant_record_id(program, application_id) -%}
    {{ program }} || ':application:' || {{ application_id }}
{%- endmacro %}
