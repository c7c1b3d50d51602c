# A Salt state for docker-events-reactor: the package from a local file, the rules file, and the
# service kept running, reloaded (not restarted) when the rules change. No Jinja: copy it as
# /srv/salt/docker-events-reactor/init.sls, put the .deb and your rules beside it (start from the
# package's /etc/docker-events-reactor/reactor.yml or the repository's examples/reactor.yml), and
# apply with `salt HOST state.apply docker-events-reactor`.

docker-events-reactor-package:
  pkg.installed:
    - sources:
      # The package built by `mvn -B package` (target/), copied to the minion beforehand; a
      # salt:// or https:// source works the same.
      - docker-events-reactor: /var/cache/salt-packages/docker-events-reactor_0.1.0_all.deb

docker-events-reactor-rules:
  file.managed:
    - name: /etc/docker-events-reactor/reactor.yml
    - source: salt://docker-events-reactor/reactor.yml
    - user: root
    - group: root
    - mode: '0644'
    # Salt runs this on the new file (its path appended) before putting it in place: a file
    # `check` rejects never reaches /etc, so the daemon never sees it, and the state fails with
    # check's errors, line and column.
    - check_cmd: /usr/bin/docker-events-reactor check -c
    - require:
      - pkg: docker-events-reactor-package

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
