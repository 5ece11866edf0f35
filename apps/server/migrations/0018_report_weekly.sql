-- Weekly rows beside the daily ones: the same counts and histograms over a local week (Monday to
-- Sunday, in the tenant's zone) and channel, each recomputed from its seven `report_daily` rows
-- whenever one of them is. A report by week reads a row per whole week and channel (and days only
-- at the range's ragged ends), so 60 days compared with the 60 before merge about 200 rows instead
-- of a thousand (see apps/server/src/reports/weekly-rollups.ts).
create table report_weekly (like report_daily including defaults);
alter table report_weekly rename column day to week;
alter table report_weekly
  add primary key (tenant_id, week, channel),
  add foreign key (tenant_id) references tenants(id) on delete cascade,
  -- The Monday that starts the week.
  add check (extract(isodow from week) = 1);
-- customer_gap_histogram and multi_channel_gap_histogram here count {"days from the previous
-- ticket's local day to this week's Monday": tickets} (zero or less when it was in the same week;
-- 401 for none): a range that starts on or before the Monday counts the tickets whose key is more
-- than the days from its first day to the Monday, as it does for the days.

-- The weeks of the days already counted.
insert into report_weekly (tenant_id, week, channel, tickets, csat_responses, csat_good, csat_bad, solved, reopened, repeat_contacts,
                           auto_replied, drafted, draft_used, escalated, handed_off, multi_channel_issues, multi_channel_good, multi_channel_bad,
                           automated, automated_latest, first_response_histogram, resolution_histogram, customer_gap_histogram, multi_channel_gap_histogram)
select w.tenant_id, w.week, w.channel, sum(d.tickets), sum(d.csat_responses), sum(d.csat_good), sum(d.csat_bad), sum(d.solved), sum(d.reopened),
       sum(d.repeat_contacts), sum(d.auto_replied), sum(d.drafted), sum(d.draft_used), sum(d.escalated), sum(d.handed_off),
       sum(d.multi_channel_issues), sum(d.multi_channel_good), sum(d.multi_channel_bad), sum(d.automated), max(d.automated_latest),
       (select coalesce(jsonb_object_agg(h.k, h.n), '{}'::jsonb) from (
          select e.key as k, sum(e.value::int) as n from report_daily x, jsonb_each_text(x.first_response_histogram) e
           where x.tenant_id = w.tenant_id and x.channel = w.channel and x.day >= w.week and x.day < w.week + 7 group by e.key) h),
       (select coalesce(jsonb_object_agg(h.k, h.n), '{}'::jsonb) from (
          select e.key as k, sum(e.value::int) as n from report_daily x, jsonb_each_text(x.resolution_histogram) e
           where x.tenant_id = w.tenant_id and x.channel = w.channel and x.day >= w.week and x.day < w.week + 7 group by e.key) h),
       (select coalesce(jsonb_object_agg(h.k, h.n), '{}'::jsonb) from (
          select case when e.key::int >= 401 then 401 else e.key::int - (x.day - w.week) end as k, sum(e.value::int) as n
            from report_daily x, jsonb_each_text(x.customer_gap_histogram) e
           where x.tenant_id = w.tenant_id and x.channel = w.channel and x.day >= w.week and x.day < w.week + 7 group by 1) h),
       (select coalesce(jsonb_object_agg(h.k, h.n), '{}'::jsonb) from (
          select case when e.key::int >= 401 then 401 else e.key::int - (x.day - w.week) end as k, sum(e.value::int) as n
            from report_daily x, jsonb_each_text(x.multi_channel_gap_histogram) e
           where x.tenant_id = w.tenant_id and x.channel = w.channel and x.day >= w.week and x.day < w.week + 7 group by 1) h)
  from (select distinct tenant_id, date_trunc('week', day)::date as week, channel from report_daily) w
  join report_daily d on d.tenant_id = w.tenant_id and d.channel = w.channel and d.day >= w.week and d.day < w.week + 7
 group by w.tenant_id, w.week, w.channel;
