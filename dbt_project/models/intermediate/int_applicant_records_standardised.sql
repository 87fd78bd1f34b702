-- Each application's applicant in the matching input's columns, standardised as the rosters'
-- records are: matching scores them against the roster records with the same model.
with stg_programs__applications as (
    select * from {{ ref('stg_programs__applications') }}
),

placeholder_names as (
    select * from {{ ref('placeholder_names') }}
),

standardised as (
    select
        {{ applicant_record_id('program', 'application_id') }} as record_id,
        program,
        application_id,
        client_id,
        {{ person_name_key('first_name') }} as first_name_std,
        {{ person_name_key(surname_without_suffix('last_name')) }} as last_name_std,
        -- 1900-01-01 and the like: what a system writes when it has no birth date.
        case when birth_date >= date '1901-01-01' then birth_date end as birth_date,
        ssn
    from stg_programs__applications
),

final as (
    select
        record_id,
        program,
        application_id,
        client_id,
        cast(null as varchar) as group_id,
        case
            when first_name_std not in (select placeholder_names.name_key from placeholder_names)
                then first_name_std
        end as first_name_std,
        cast(null as varchar) as middle_name_std,
        case
            when last_name_std not in (
                    select placeholder_names.name_key from placeholder_names
                    where placeholder_names.is_surname_placeholder
                )
                then last_name_std
        end as last_name_std,
        cast(null as varchar) as preferred_name_std,
        cast([] as varchar[]) as alias_names_std,
        birth_date,
        ssn,
        cast(null as varchar) as gender,
        cast(null as varchar) as zip
    from standardised
)

select * from final
