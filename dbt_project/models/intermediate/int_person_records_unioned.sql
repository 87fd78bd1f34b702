-- One standardised record per (program, client_id), the input to matching.
with int_roster_rows_unioned as (
    select * from {{ ref('int_roster_rows_unioned') }}
),

placeholder_names as (
    select * from {{ ref('placeholder_names') }}
),

-- A DCFS person on several cases has one row per case: keep the open (else latest) one.
one_per_client as (
    select *
    from int_roster_rows_unioned
    qualify row_number() over (
            partition by program, client_id
            order by
                {{ is_open_on('enrollment_end_date', "cast('" ~ var('extract_date') ~ "' as date)",
                              'enrollment_end_unknown') }} desc,
                enrollment_start_date desc nulls last,
                group_id asc
        ) = 1
),

-- An SSN on records with several different birth dates is a shared or made-up number
-- (a family using one card, a clerk's filler): it identifies no one, so matching ignores it.
shared_ssns as (
    select ssn
    from one_per_client
    where ssn is not null
    group by ssn
    having count(distinct birth_date) > {{ var('ssn_max_birth_dates') }}
),

-- 1900-01-01 and the like are what a system writes when it has no birth date; so is a
-- 1 January shared by many times more records than an ordinary birth date.
birth_date_counts as (
    select
        birth_date,
        count(*) as records,
        avg(count(*)) over () as average_records
    from one_per_client
    where birth_date is not null
    group by birth_date
),

placeholder_birth_dates as (
    select birth_date
    from birth_date_counts
    where
        birth_date < date '1901-01-01'
        or (
            month(birth_date) = 1 and day(birth_date) = 1
            and records > greatest(
                {{ var('placeholder_birth_date_min_records') }},
                {{ var('placeholder_birth_date_times_average') }} * average_records
            )
        )
),

standardised as (
    select
        {{ record_id('one_per_client.program', 'one_per_client.client_id') }} as record_id,
        one_per_client.program,
        one_per_client.client_id,
        one_per_client.extract_date,
        {{ person_name_key('first_name') }} as first_name_std,
        {{ person_name_key('middle_name') }} as middle_name_std,
        -- Hyphens and spaces dropped: "Clark-Jones" and "Clark Jones" are one surname;
        -- so are particles: "De La Cruz" and "Delacruz".
        {{ person_name_key(surname_without_suffix('last_name')) }} as last_name_std,
        coalesce(
            {{ name_key('name_suffix') }}, {{ suffix_in_surname('last_name') }}
        ) as name_suffix_std,
        {{ name_key('preferred_name') }} as preferred_name_std,
        list_transform(one_per_client.aliases, lambda a: {{ name_key('a') }}) as alias_names_std,
        case when placeholder_birth_dates.birth_date is null then one_per_client.birth_date end
            as birth_date,
        placeholder_birth_dates.birth_date is not null as is_birth_date_placeholder,
        case when shared_ssns.ssn is null then one_per_client.ssn end as ssn,
        nullif(one_per_client.gender, 'U') as gender,
        {{ name_key('street_address') }} as street_std,
        one_per_client.zip,
        one_per_client.group_id,
        one_per_client.enrollment_start_date,
        one_per_client.enrollment_end_date,
        one_per_client.enrollment_end_unknown,
        one_per_client.staff_id,
        {{ is_open_on('one_per_client.enrollment_end_date', "cast('" ~ var('extract_date') ~ "' as date)",
                      'one_per_client.enrollment_end_unknown') }}
            as is_active
    from one_per_client
    left join shared_ssns on one_per_client.ssn = shared_ssns.ssn
    left join placeholder_birth_dates on one_per_client.birth_date = placeholder_birth_dates.birth_date
),

-- BABY, UNKNOWN, HUSBAND: a placeholder says nothing of who this is, so it is missing.
final as (
    select
        * replace (
            case
                when first_name_std not in (select placeholder_names.name_key from placeholder_names)
                    then first_name_std
            end as first_name_std,
            case
                when last_name_std not in (
                        select placeholder_names.name_key from placeholder_names
                        where placeholder_names.is_surname_placeholder
                    )
                    then last_name_std
            end as last_name_std
        ),
        coalesce(first_name_std in (select placeholder_names.name_key from placeholder_names), false)
            as is_first_name_placeholder
    from standardised
)

select * from final
