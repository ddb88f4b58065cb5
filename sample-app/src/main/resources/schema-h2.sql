-- H2 has no sleep function; the slow-query endpoint needs one.
CREATE ALIAS IF NOT EXISTS SLEEP FOR 'java.lang.Thread.sleep(long)';
