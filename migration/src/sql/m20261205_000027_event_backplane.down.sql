DROP FUNCTION realtime.mark_relayed(text, bigint);
DROP FUNCTION realtime.unrelayed();
DROP TABLE realtime.relayed;
