import { rows } from './types.js';

// Conditions any tool can hit: shells, the network, permissions, memory and disk, Docker,
// missing environment variables.
export const systemRules = rows('system', [
  // resource
  ['js-heap', 'resource_error', 96, /JavaScript heap out of memory|Reached heap limit Allocation failed|FATAL ERROR: .*Allocation failed/],
  ['oom', 'resource_error', 90, /\bout of memory\b|Out of memory: Killed process|Cannot allocate memory|std::bad_alloc|\bOOMKilled\b|\bOOM[- ]?kill(?:ed|er)\b|java\.lang\.OutOfMemoryError|fatal error: runtime: out of memory|MemoryError: Unable to allocate/i],
  ['killed', 'resource_error', 86, /^Killed$|^\S*:? ?line \d+: +\d+ Killed\s|\bKilled\s+(?:signal 9|\S+.*)$|signal: killed$|exited with code 137\b|terminated by signal 9\b|\bSIGKILL\b/],
  ['no-space', 'resource_error', 94, /No space left on device|\bENOSPC\b|There is not enough space on the disk|You are running out of disk space/],
  // docker
  ['docker-daemon', 'docker_error', 95, /Cannot connect to the Docker daemon at|docker daemon is not running|error during connect: .*docker/i],
  ['docker-build-setup', 'docker_error', 88, /failed to compute cache key|failed to read dockerfile|dockerfile parse error|unknown instruction: |failed to solve: (?:failed to |\S+: )?(?:pull access denied|(?:[\w./-]+:\S+): not found|rpc error|failed to fetch oauth token|unexpected status)|manifest (?:for \S+ )?unknown|pull access denied for|toomanyrequests: You have reached your pull rate limit|no matching manifest for/],
  ['docker-cli', 'docker_error', 84, /unknown shorthand flag: '\w' in -\w|docker: '[\w-]+' is not a docker command|unknown command "\w+" for "docker"/],
  ['docker-daemon-response', 'docker_error', 82, /Error response from daemon: |denied: requested access to the resource is denied|unauthorized: authentication required/],
  ['docker-wrapper', 'unknown', 6, /buildx failed with: |^(?:#\d+ )?ERROR: (?:failed to solve: )?process "[^"]*" did not complete successfully|^ERROR: failed to build: |^ERROR: failed to solve: process/],
  // network
  ['dns', 'network_error', 93, /Could not resolve host:? (?<host>[\w.-]+)|getaddrinfo (?:ENOTFOUND|EAI_AGAIN) (?<host2>[\w.-]+)|Temporary failure in name resolution|Name or service not known|nodename nor servname provided|no such host|Could not resolve hostname (?<host3>[\w.-]+)/],
  ['conn-bare', 'network_error', 72, /\bECONNRESET\b|\bETIMEDOUT\b|\bECONNREFUSED\b(?! (?:127\.|localhost|\[?::1))/],
  ['conn', 'network_error', 90, /connect ECONNREFUSED (?!127\.|localhost|\[?::1)(?<host>[\w.:-]+)|(?:Error|error|failed|reason): (?:read |connect |write )?(?:ECONNRESET|ETIMEDOUT)|socket hang up|Connection refused|Connection reset by peer|Connection timed out|Failed to connect to (?<host2>[\w.-]+) port \d+|Network is unreachable|network is unreachable|i\/o timeout|TLS handshake timeout|EHOSTUNREACH|unable to access '(?<url>https?:\/\/[^']+)'|Could not connect to (?<host3>[\w.-]+)|request to https?:\/\/(?<host4>[\w.-]+(?::\d+)?)\S* failed, reason:/],
  ['tls', 'network_error', 88, /SSL certificate problem|certificate verify failed|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|self[- ]signed certificate in certificate chain|x509: certificate/],
  ['api-rate-limit', 'network_error', 80, /API rate limit exceeded|secondary rate limit|You have exceeded a secondary rate limit/i],
  ['http-5xx', 'network_error', 78, /\b(?:502 Bad Gateway|503 Service Unavailable|504 Gateway Time-?out)\b|returned error: 50[234]\b|"code":\s*50[0234]\b/],
  ['fetch-failed', 'network_error', 70, /TypeError: fetch failed|^fatal: unable to access|The remote end hung up unexpectedly|early EOF|RPC failed; curl \d+/],
  // permission
  ['integration', 'permission_error', 92, /Resource not accessible by (?:integration|personal access token)|Resource protected by organization SAML enforcement|must have (?:admin|push|write) (?:rights|access|permission)/],
  ['git-403', 'permission_error', 90, /GH006: Protected branch update failed|remote: Permission to \S+ denied to|The requested URL returned error: 40[13]|Permission denied \(publickey\)|denied: permission_denied|fatal: could not read Username/],
  ['eacces-path', 'permission_error', 89, /cannot (?:create directory|create regular file|open|remove|touch) [‘'](?<file>[^’']+)[’']: Permission denied|EACCES: permission denied, \w+ '(?<file2>[^']+)'|PermissionError: \[Errno 13\] Permission denied: '(?<file3>[^']+)'|^(?:\S+: line \d+: )?(?<file4>\.{0,2}\/[^:\s]+): Permission denied$/],
  ['eacces', 'permission_error', 88, /\bEACCES\b|\bEPERM\b|[Pp]ermission denied|Operation not permitted|Access is denied\.?$|AccessDenied(?:Exception)?\b|is not authorized to perform/],
  ['http-401-403', 'permission_error', 78, /\b(?:HttpError|RequestError|HTTPError)\b.*\b(?:40[13]|Forbidden|Unauthorized|Bad credentials)|^(?:Error: )?(?:403 )?Forbidden\b|Bad credentials|\b401 Unauthorized\b|\b403 Forbidden\b|Authentication failed for/],
  // environment
  ['bash-unset', 'env_variable_missing', 92, /(?<variable>[A-Za-z_]\w*): (?:parameter null or not set|unbound variable)/],
    ['env-named', 'env_variable_missing', 90, /(?:[Ee]nvironment variable|[Ee]nv var|[Ss]ecret)s? [`'"]?(?<variable>[A-Z][A-Z0-9_]{2,})[`'"]? (?:is |was )?(?:not set|not defined|missing|required|empty|undefined|must be (?:set|provided))|(?:[Ss]et|[Pp]rovide|[Dd]efine) (?:the )?[`'"]?(?<var2>[A-Z][A-Z0-9_]{2,})[`'"]? (?:environment variable|env var|secret)|[Mm]issing (?:required )?(?:environment variable|env var|secret)s?:? [`'"]?(?<var3>[A-Z][A-Z0-9_]{2,})/],
  ['env-upper', 'env_variable_missing', 86, /\b(?<variable>[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z]{3,})[`'"]? (?:is |was |are )?(?:not set|not defined|undefined|empty|missing|required|must be (?:set|defined|provided|non-empty))\b|\b[Ss]et [`'"]?(?<var2>[A-Z][A-Z0-9]*_[A-Z0-9_]+)[`'"]? (?:to|in|as|before)\b/],
  // shells and coreutils
  ['bash-syntax', 'syntax_error', 88, /: line \d+: syntax error|syntax error near unexpected token|syntax error: unexpected end of file|unexpected EOF while looking for matching/],
  ['command-not-found', 'dependency_error', 76, /(?:^|: )(?<package>[\w.-]+): (?:command )?not found$|: line \d+: (?<pkg2>[\w.-]+): command not found|^(?<pkg3>[\w.-]+): No such file or directory$/],
  ['no-such-file', 'unknown', 45, /No such file or directory|ENOENT: no such file or directory|cannot find the (?:path|file) specified/],
  ['timeout-cmd', 'timeout', 60, /^timeout: (?:sending signal|the monitored command dumped core)|\bcommand timed out\b|\bdeadline exceeded\b(?! \(Client\.Timeout)/i],
]);
