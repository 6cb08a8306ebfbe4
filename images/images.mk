# Container images. Included by the root Makefile; `make help` lists the targets below.
#   make base-images [FORCE=1]                    offline Debian base images (mmdebstrap)
#   make images [VERSION=x.y.z] [BASE_IMAGE=...]  one image per service, from target/quarkus-app, on
#                                                 the Debian-built Java base (made first when missing)

# Where this fragment lives, so the recipes work whatever the including Makefile's location.
IMAGES_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

.PHONY: base-images images

base-images: ## build the offline base images platform-base/{jre,postgres,nginx} with mmdebstrap (FORCE=1 rebuilds)
	$(IMAGES_DIR)/base-images.sh $(if $(FORCE),--force)

# Empty VERSION or BASE_IMAGE mean the script's defaults: the pom version, the Debian-built Java base.
images: ## build <service>:<version> for every service from its target/quarkus-app (VERSION=, BASE_IMAGE= override)
	VERSION='$(VERSION)' BASE_IMAGE='$(BASE_IMAGE)' $(IMAGES_DIR)/build-images.sh
