// `completion bash|zsh|fish`: scripts that ask `kubectl-portguard __complete` (Cobra's protocol) on each TAB.

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# bash completion for kubectl-portguard: source it, or save it in ~/.local/share/bash-completion/completions/.
# (kubectl portguard <TAB> is completed by kubectl itself, through kubectl_complete-portguard.)
_kubectl_portguard() {
  local line="\${COMP_LINE:0:COMP_POINT}" cur="\${COMP_WORDS[COMP_CWORD]}" out directive c
  local -a words
  read -r -a words <<< "$line"
  [[ "$line" =~ [[:space:]]$ ]] && words+=("")
  out=$("\${words[0]}" __complete "\${words[@]:1}" 2>/dev/null) || return 0
  directive="\${out##*:}"
  out="\${out%:*}"
  # bash splits --flag=value at "=": reply with what follows the part of the word already typed.
  local typed="\${words[\${#words[@]}-1]}"
  local prefix="\${typed%"$cur"}"
  COMPREPLY=()
  while IFS= read -r c; do
    [[ -z "$c" ]] && continue
    c="\${c%%$'\\t'*}"
    COMPREPLY+=("\${c#"$prefix"}")
  done <<< "$out"
  (( directive & 2 )) && compopt -o nospace
  (( directive & 4 )) && compopt +o default
  return 0
}
complete -o default -F _kubectl_portguard kubectl-portguard
`;

const ZSH = `#compdef kubectl-portguard
# zsh completion for kubectl-portguard: source it, or save it as _kubectl-portguard on $fpath.
_kubectl_portguard() {
  local out directive l
  local -a lines completions
  out=$(\${words[1]} __complete "\${(@)words[2,$CURRENT]}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  directive=\${lines[-1]#:}
  for l in "\${(@)lines[1,-2]}"; do
    [[ -z $l ]] && continue
    if [[ $l == *$'\\t'* ]]; then completions+=("\${\${l%%$'\\t'*}//:/\\\\:}:\${l#*$'\\t'}")
    else completions+=("\${l//:/\\\\:}"); fi
  done
  if (( \${#completions} )); then
    if (( directive & 2 )); then _describe -t values 'kubectl-portguard' completions -S ''
    else _describe -t values 'kubectl-portguard' completions; fi
  elif (( (directive & 4) == 0 )); then
    _files
  fi
}
if [[ $funcstack[1] == _kubectl_portguard ]]; then _kubectl_portguard "$@"; else compdef _kubectl_portguard kubectl-portguard; fi
`;

const FISH = `# fish completion for kubectl-portguard: source it, or save it in ~/.config/fish/completions/kubectl-portguard.fish.
function __kubectl_portguard_complete
    set -l args (commandline -opc)[2..-1] (commandline -ct)
    set -l out (kubectl-portguard __complete $args 2>/dev/null)
    or return
    set -l directive (string replace -r '^:' '' -- $out[-1])
    for l in $out[1..-2]
        test -n "$l"; and echo $l
    end
    if test (count $out) -le 1; and test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path (commandline -ct)
    end
end
complete -c kubectl-portguard -f -a '(__kubectl_portguard_complete)'
`;

/** The completion script for `shell`. */
export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
