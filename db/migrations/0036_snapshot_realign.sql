-- No change to the database: migrations 0032-0035 were written on four branches at once, each from
-- the 0030 snapshot. This entry carries the snapshot that holds all of them, so the next
-- `npm run db:generate` compares with the real schema. (Generated, then emptied: everything it
-- listed is created by 0032_offline_idempotency, 0033_pdpa and 0034_km.)
SELECT 1;
