// Replaces a lego DNS-01 provider package whose SDK is not on the Go module proxy (build.sh renames legodns to the provider's name).
package legodns

import (
	"context"
	"errors"
)

// DNSProvider is the type lego's provider registry expects; it is never made.
type DNSProvider struct{}

// NewDNSProvider refuses the provider, which Traefik reports for the certificate resolver that names it.
func NewDNSProvider() (*DNSProvider, error) {
	return nil, errors.New("the legodns ACME DNS provider is not built into this Traefik")
}

// Present is never called: NewDNSProvider makes no provider.
func (*DNSProvider) Present(context.Context, string, string, string) error {
	return errors.ErrUnsupported
}

// CleanUp is never called: NewDNSProvider makes no provider.
func (*DNSProvider) CleanUp(context.Context, string, string, string) error {
	return errors.ErrUnsupported
}
