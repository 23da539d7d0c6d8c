-- Issue 11 (hospital compartment): the acknowledgements the adapter answered are readable as FHIR Bundles.
-- sender: the sending organisation's identifier value (SOR id or GLN/EAN, as the MessageHeader.sender Organization or
-- the GGOP's Sender carries it; the token's id when a hospital sent the message in its own name), written at intake.
-- A hospital reads only the acknowledgements whose sender is its token's organisation id. Rows from before: null
-- (only the municipality sees them).
-- ack_id: the acknowledgement Bundle's id (GET /fhir/Bundle/{id}); null for rows from before (found by ?message= only).
alter table received_message add column sender varchar(200);
alter table received_message add column ack_id varchar(64);
create index ix_received_message_ack on received_message (ack_id);
