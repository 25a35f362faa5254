app_name = "peer_support"
urlpatterns = []
