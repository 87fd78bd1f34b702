-- Persons referred for a SUBSTANCE_USE need, by the referring program and the referral's
-- status (every pair, zero or not), with 'Total' rows and columns counting distinct
-- persons: what deidentified_substance_use_referrals publishes after suppression (42 CFR
-- Part 2 allows analysts aggregates only).
with int_referrals_followed as (
    select * from {{ ref('int_referrals_followed') }}
),

programs as (
    select * from {{ ref('programs') }}
),

referral_statuses as (
    select * from {{ ref('referral_statuses') }}
),

substance_use as (
    select
        from_program as program,
        status,
        -- A client not on tonight's rosters has no person_id: counted as the program's client.
        coalesce(person_id, from_program || ':' || client_id) as person_key
    from int_referrals_followed
    where need_category = 'SUBSTANCE_USE'
),

{{ persons_by_program_and_status('referral_statuses') }}

select * from final
