-- Answers from an OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp, LM Studio) were stored
-- with path 'claude' because the check allowed only 'claude' and 'offline'; they now say 'openai'.
-- Earlier rows keep what they were stored with: which ones came from such a model is not known.
alter table answers drop constraint if exists answers_path_check;
alter table answers add constraint answers_path_check check (path in ('claude', 'openai', 'offline'));
