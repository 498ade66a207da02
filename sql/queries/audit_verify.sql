-- Walks the audit chain; returns the number of rows checked, the head's hash, the first row
-- that is out of place (gap in numbering, broken link, or content not matching its hash),
-- and the number of the row whose hash is $1 (a head noted earlier; NULL: none asked for, or
-- no such row any more).
WITH chain AS (
    SELECT a.*, tierd.audit_row_hash(a) AS recomputed,
           lag(a.row_hash) OVER (ORDER BY a.seq) AS previous_hash,
           row_number() OVER (ORDER BY a.seq) AS position
    FROM tierd.audit_log a
), problems AS (
    SELECT seq,
           CASE WHEN seq <> position THEN 'row ' || position || ' is missing (numbering jumps to ' || seq || ')'
                WHEN prev_hash <> coalesce(previous_hash, repeat('0', 64)) THEN 'link to the previous row is broken'
                WHEN row_hash <> recomputed THEN 'content does not match its hash (edited)'
           END AS problem
    FROM chain
)
SELECT (SELECT count(*) FROM tierd.audit_log) AS checked,
       (SELECT row_hash FROM tierd.audit_log ORDER BY seq DESC LIMIT 1) AS head_hash,
       p.seq AS bad_seq, p.problem,
       (SELECT seq FROM tierd.audit_log WHERE row_hash = $1::text ORDER BY seq LIMIT 1) AS noted_seq
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (SELECT seq, problem FROM problems WHERE problem IS NOT NULL ORDER BY seq LIMIT 1) p ON true
