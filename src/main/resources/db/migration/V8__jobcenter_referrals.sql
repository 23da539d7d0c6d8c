-- Issue 13 item 5: Jobcenter referrals (SEL § 86.1) are plans without a discharge, a contact deadline or a free-choice
-- date (free choice is the health act's, § 140 stk. 4). kind says which: 'hospital-plan' or 'jobcenter-referral'.
alter table plan add column kind varchar(32) default 'hospital-plan' not null;
alter table plan alter column discharge_date drop not null;
alter table plan alter column contact_deadline drop not null;
alter table plan alter column free_choice_date drop not null;
