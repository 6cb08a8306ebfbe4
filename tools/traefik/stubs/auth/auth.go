// Replaces Traefik's basic_auth.go and digest_auth.go (build.sh's overlay): their library, the containous/go-http-auth fork, is not on the Go module proxy.
package auth

import (
	"context"
	"errors"
	"net/http"

	"github.com/traefik/traefik/v3/pkg/config/dynamic"
)

// NewBasic refuses the BasicAuth middleware, so a router that uses it is not served at all.
func NewBasic(context.Context, http.Handler, dynamic.BasicAuth, string) (http.Handler, error) {
	return nil, errors.New("the BasicAuth middleware is not built into this Traefik")
}

// NewDigest refuses the DigestAuth middleware, so a router that uses it is not served at all.
func NewDigest(context.Context, http.Handler, dynamic.DigestAuth, string) (http.Handler, error) {
	return nil, errors.New("the DigestAuth middleware is not built into this Traefik")
}
