// Package ext stands in for Traefik's nested module pkg/config/dynamic/ext, which the Go module proxy does not serve.
package ext

// HTTP is embedded in dynamic.HTTPConfiguration; Traefik's open-source build adds no fields.
type HTTP struct{}

// Router is embedded in dynamic.Router; Traefik's open-source build adds no fields.
type Router struct{}
