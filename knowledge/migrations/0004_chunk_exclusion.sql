-- An admin can take one passage out of retrieval without excluding its whole document.
-- kb_chunks.is_excluded stays what every search filters on (one condition in one index scan); it
-- now means "the document or this chunk is excluded". is_chunk_excluded is the chunk's own switch,
-- kept apart so including the document again does not bring back a chunk excluded on its own.
-- A re-sync rewrites a changed document's chunks: the switch is carried over to the chunk with the
-- same id, which is derived from (document, content hash, occurrence), i.e. from the chunk's text.
alter table kb_chunks add column is_chunk_excluded boolean not null default false;
alter table kb_chunks add constraint kb_chunks_chunk_exclusion_searchable check (is_excluded or not is_chunk_excluded);
