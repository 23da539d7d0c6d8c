-- The JSON columns become character varying without a length limit.
-- PostgreSQL: the same storage as text (binary-coercible, the table is not rewritten).
-- H2: text is a CLOB there. Every CLOB value over a few hundred bytes went through H2's LOB store (written to a
-- temporary LOB, then copied on insert; read back as a stream), which cost CPU on every write and read and left
-- pages on the heap that the collector had to promote (see README, Performance). Character varying is kept in
-- the row.
alter table resource_history alter column content set data type varchar;
alter table received_message alter column ack set data type varchar;
alter table ack_outbox alter column body set data type varchar;
