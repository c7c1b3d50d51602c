# A Salt state for docker-events-reactor: the package from a local file, the rules file, and the
# service kept running, reloaded (not restarted) when the rules change. No Jinja: copy it as
# /srv/salt/docker-events-reactor/init.sls, put the .deb, your rules and their test file
# (reactor.test.yml) beside it (start from the package's /etc/docker-events-reactor/reactor.yml
# or the repository's examples/reactor.yml and reactor.test.yml), and apply with
# `salt HOST state.apply docker-events-reactor`.

docker-events-reactor-package:
  pkg.installed:
    - sources:
      # The package built by `mvn -B package` (target/), copied to the minion beforehand; a
      # salt:// or https:// source works the same.
      - docker-events-reactor: /var/cache/salt-packages/docker-events-reactor_0.1.0_all.deb

# The rules' test file (docs/testing-rules.md): the cases every new version of the rules must
# pass before it is put in place. Its rules: line names reactor.yml beside it; the check below
# passes the new version instead.
docker-events-reactor-rules-test:
  file.managed:
    - name: /etc/docker-events-reactor/reactor.test.yml
    - source: salt://docker-events-reactor/reactor.test.yml
    - user: root
    - group: root
    - mode: '0644'
    - require:
      - pkg: docker-events-reactor-package

docker-events-reactor-rules:
  file.managed:
    - name: /etc/docker-events-reactor/reactor.yml
    - source: salt://docker-events-reactor/reactor.yml
    - user: root
    - group: root
    - mode: '0644'
    # Salt runs this on the new file (its path appended) before putting it in place: `test`
    # loads it as `check` does, then runs the test file's cases against it. A file check rejects
    # (its errors, line and column) or one that no longer does what its cases say (a diff of
    # expected and actual) never reaches /etc, so the daemon never sees it, and the state fails.
    - check_cmd: /usr/bin/docker-events-reactor test /etc/docker-events-reactor/reactor.test.yml --rules
    - require:
      - pkg: docker-events-reactor-package
      - file: docker-events-reactor-rules-test

docker-events-reactor-service:
  service.running:
    - name: docker-events-reactor
    - enable: true
    # A change of the rules reloads (SIGHUP through the unit's ExecReload): the event stream
    # stays connected, no event is lost. A package upgrade restarts the service by itself.
    - reload: true
    - watch:
      - file: docker-events-reactor-rules
    - require:
      - pkg: docker-events-reactor-package
