# One registry's entry of a Docker config.json (-v host=...), as a config of its own: what the pull
# secret holds, never the other registries' credentials. Docker writes the file with tabs
# (json.MarshalIndent), an entry as `<tab><tab>"host": {` up to `<tab><tab>}`; an entry with
# no "auth" (a credential helper's) or another layout finds nothing, and the exit status is 1.
$0 == "\t\t\"" host "\": {" { inside = 1; print "{\"auths\": {"; print; next }
inside && /^\t\t}/ { print "\t\t}"; print "}}"; done = 1; exit }
inside { print; if ($0 ~ /^\t\t\t"auth": "[^"]+"/) auth = 1 }
END { exit !(done && auth) }
