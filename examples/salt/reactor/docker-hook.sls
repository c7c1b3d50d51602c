{# (2) the minion's webhook engine fires through the minion's event.send, so the master sees
   data['id'] (the minion) and data['data'] = {"headers": {...}, "body": the event's JSON as text}. #}
{% set event = data['data']['body'] | load_json %}
{% if event['Action'] in ('die', 'stop') and event['Actor']['Attributes'].get('name') == 'letsencrypt' %}
restore nginx site on {{ data['id'] }}:
  local.state.apply:
    - tgt: {{ data['id'] }}
    - args:
      - mods: nginx.site
{% endif %}
