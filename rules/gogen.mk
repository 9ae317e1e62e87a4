# Make rules of a gogen build, for projects that already build with Make:
# include this file from your Makefile and depend on $(GOGEN_FUNCTIONS),
# or on one function's output, or call "make gogen". Ninja does the work
# (it knows each function's real inputs); Make only asks it, once per run.
# gogen writes the variables above and the targets below; this text is
# embedded in gogen from rules/gogen.mk.

GOGEN_NINJA = ninja

gogen: gogen-build

# One Ninja run brings every function up to date; the outputs hang off it.
gogen-build:
	$(GOGEN_NINJA) -C $(GOGEN_ROOT) -f $(GOGEN_NINJA_FILE) all

gogen-clean:
	$(GOGEN_NINJA) -C $(GOGEN_ROOT) -f $(GOGEN_NINJA_FILE) -t clean

.PHONY: gogen gogen-build gogen-clean
