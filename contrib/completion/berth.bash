# bash completion for berth.  Commands and their options are read from
# `berth --help` / `berth COMMAND --help`, so new flags complete without
# editing this file; container ids come from `berth list --quiet`.
# Installed as $(datadir)/bash-completion/completions/berth.

_berth_global_opts="--root --log --log-format --debug --systemd-cgroup --rootless --criu --version --help"

_berth_commands() {
	"$1" --help 2>/dev/null | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }'
}

_berth_command_opts() {
	"$1" "$2" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

_berth() {
	local cur prev words cword
	_init_completion || return

	local berth=${words[0]} i cmd="" root_args=()
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--root | --log | --log-format | --criu)
			[ "${words[i]}" = --root ] && root_args=(--root "${words[i + 1]}")
			((i++))
			;;
		-*) ;;
		*)
			cmd=${words[i]}
			break
			;;
		esac
	done

	case $prev in
	--root | --bundle | -b | --cwd)
		_filedir -d
		return
		;;
	--log | --pid-file | --process | --console-socket | --criu)
		_filedir
		return
		;;
	--log-format)
		COMPREPLY=($(compgen -W "text json" -- "$cur"))
		return
		;;
	--format)
		COMPREPLY=($(compgen -W "table json" -- "$cur"))
		return
		;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$_berth_global_opts" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_berth_commands "$berth")" -- "$cur"))
		fi
		return
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_berth_command_opts "$berth" "$cmd")" -- "$cur"))
		return
	fi

	case $cmd in
	spec | features | list) ;;
	help) COMPREPLY=($(compgen -W "$(_berth_commands "$berth")" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -W "$("$berth" "${root_args[@]}" list --quiet 2>/dev/null)" -- "$cur")) ;;
	esac
} && complete -F _berth berth
